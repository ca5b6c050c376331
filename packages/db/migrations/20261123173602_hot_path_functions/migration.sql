-- The hot paths in one round trip per step (hand-written): authenticating a key, publishing
-- an event, claiming a delivery, recording an attempt. Each call is a statement of its own
-- that sets the tenant (or key hash) for its own transaction, so row-level security still
-- applies (SECURITY INVOKER, run by the app role), and each step costs one network round
-- trip instead of four to a dozen.

-- The live key with this SHA-256 hash, if any.
CREATE FUNCTION herald_authenticate(p_hash text)
RETURNS json LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('app.api_key_hash', p_hash, true);
  RETURN (SELECT json_build_object('id', k.id, 'tenantId', k.tenant_id, 'scope', k.scope,
    'agentId', k.agent_id)
    FROM api_keys k WHERE k.key_hash = p_hash AND k.revoked_at IS NULL LIMIT 1);
END;
$$;--> statement-breakpoint

-- A tenant's event type: {schema} (null schema: any object), or NULL when it does not exist.
CREATE FUNCTION herald_event_type(p_tenant text, p_name text)
RETURNS json LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant, true);
  RETURN (SELECT json_build_object('schema', t.schema) FROM event_types t
    WHERE t.tenant_id = p_tenant AND t.name = p_name);
END;
$$;--> statement-breakpoint

-- A prefixed, time-sortable id like ids.ts makes: 48 bits of milliseconds and 80 random bits
-- in Crockford base32 (the random bits are the parts of a v4 UUID clear of version/variant).
CREATE FUNCTION herald_new_id(p_prefix text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  r bytea := uuid_send(gen_random_uuid());
  hi bigint := 0;
  lo bigint := 0;
  id text := p_prefix || '_';
BEGIN
  FOR i IN REVERSE 9..0 LOOP
    id := id || substr(alphabet, ((ms >> (5 * i)) & 31)::int + 1, 1);
  END LOOP;
  FOR i IN 0..4 LOOP
    hi := (hi << 8) | get_byte(r, i);
    lo := (lo << 8) | get_byte(r, i + 10);
  END LOOP;
  FOR i IN REVERSE 7..0 LOOP
    id := id || substr(alphabet, ((hi >> (5 * i)) & 31)::int + 1, 1);
  END LOOP;
  FOR i IN REVERSE 7..0 LOOP
    id := id || substr(alphabet, ((lo >> (5 * i)) & 31)::int + 1, 1);
  END LOOP;
  RETURN id;
END;
$$;--> statement-breakpoint

-- Whether an endpoint takes a message: the rules of apps/worker/src/fanout/match.ts, which a
-- test checks this against case by case.
CREATE FUNCTION herald_endpoint_wants(e_event_types text[], e_channels text[], e_agent text,
  m_type text, m_channels text[], m_run text, m_agent text)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT NOT (e_agent IS NOT NULL AND m_run IS NOT NULL AND e_agent IS DISTINCT FROM m_agent)
    AND CASE WHEN cardinality(e_event_types) = 0
      THEN m_type NOT IN ('endpoint.disabled', 'message.attempt.exhausted')
      ELSE EXISTS (SELECT 1 FROM unnest(e_event_types) p
        WHERE p = m_type
          OR (p = '*' AND m_type NOT IN ('endpoint.disabled', 'message.attempt.exhausted'))
          OR (right(p, 2) = '.*' AND starts_with(m_type, left(p, -1))))
    END
    AND (cardinality(e_channels) = 0 OR e_channels && m_channels)
$$;--> statement-breakpoint

-- Routes a new message and writes its delivery rows: returns the job specs to add, one
-- deliver job per new delivery row, or, past p_inline_max matching endpoints, a single
-- fan-out job instead (a NULL p_inline_max always writes the rows). Pairs that exist already
-- (a retried fan-out) are skipped and get no second job.
CREATE FUNCTION herald_route_message(p_tenant text, r messages, p_inline_max int)
RETURNS json[] LANGUAGE plpgsql AS $$
DECLARE
  endpoint_ids text[];
  endpoint_urls text[];
  specs json[];
BEGIN
  SELECT coalesce(array_agg(e.id), '{}'), coalesce(array_agg(e.url), '{}')
  INTO endpoint_ids, endpoint_urls FROM endpoints e
  WHERE e.tenant_id = p_tenant AND e.status = 'enabled'
    AND herald_endpoint_wants(e.event_types, e.channels, e.agent_id,
      r.event_type, r.channels, r.run_id, r.agent_id);
  IF cardinality(endpoint_ids) > p_inline_max THEN
    RETURN ARRAY[json_build_object('identifier', 'fanout', 'payload',
      json_build_object('tenantId', p_tenant, 'messageId', r.id), 'max_attempts', 25)];
  END IF;
  WITH ins AS (
    INSERT INTO deliveries (id, tenant_id, message_id, endpoint_id, url)
    SELECT herald_new_id('del'), p_tenant, r.id, t.id, t.url
    FROM unnest(endpoint_ids, endpoint_urls) AS t(id, url)
    ON CONFLICT DO NOTHING
    RETURNING id)
  SELECT coalesce(array_agg(json_build_object('identifier', 'deliver',
    'payload', json_build_object('tenantId', p_tenant, 'deliveryId', ins.id),
    'max_attempts', 25)), '{}')
  INTO specs FROM ins;
  RETURN specs;
END;
$$;--> statement-breakpoint

-- Publishes a batch of a tenant's messages in one statement: each message row, and either its
-- delivery rows (when at most p_inline_max endpoints take it) or a fan-out job for the worker;
-- then one add_jobs for the whole batch, because each add_jobs commit serialises on NOTIFY.
-- A message whose idempotency key was used returns the first message (created: false); the
-- unique index decides under concurrency.
CREATE FUNCTION herald_publish(p_tenant text, p_messages json, p_inline_max int)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE
  m json;
  r messages%ROWTYPE;
  created boolean;
  results json[] := '{}';
  specs json[] := '{}';
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant, true);
  FOR m IN SELECT value FROM json_array_elements(p_messages) LOOP
    created := true;
    INSERT INTO messages (id, tenant_id, event_type, payload, channels, idempotency_key)
    VALUES (m->>'id', p_tenant, m->>'type', (m->'data')::jsonb,
      ARRAY(SELECT json_array_elements_text(m->'channels')), m->>'idempotencyKey')
    ON CONFLICT DO NOTHING
    RETURNING * INTO r;
    IF FOUND THEN
      specs := specs || herald_route_message(p_tenant, r, p_inline_max);
    ELSE
      -- The key was taken: by now the other insert has committed; this statement sees it.
      created := false;
      SELECT * INTO r FROM messages
      WHERE tenant_id = p_tenant AND idempotency_key = m->>'idempotencyKey';
      IF NOT FOUND THEN RAISE EXCEPTION 'idempotency conflict without a message'; END IF;
    END IF;
    results := results || json_build_object('created', created, 'id', r.id,
      'eventType', r.event_type, 'channels', r.channels, 'createdAt', r.created_at,
      'idempotencyKey', r.idempotency_key);
  END LOOP;
  IF cardinality(specs) > 0 THEN
    PERFORM herald_add_jobs(array_to_json(specs));
  END IF;
  RETURN array_to_json(results);
END;
$$;--> statement-breakpoint

-- Leases a pending delivery for the endpoint's timeout plus a margin and returns what
-- sending it needs. NULL: nothing to do (gone or settled); {leasedUntil}: another job holds it.
CREATE FUNCTION herald_claim_delivery(p_tenant text, p_delivery text, p_margin_ms int)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE
  d deliveries%ROWTYPE;
  held timestamptz;
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant, true);
  -- A lost lease is harmless (it only delays a duplicate job), so this commit need not wait
  -- for the disk.
  PERFORM set_config('synchronous_commit', 'off', true);
  UPDATE deliveries dl SET
    lease_until = now() + make_interval(secs => (coalesce(
      (SELECT e.timeout_ms FROM endpoints e WHERE e.id = dl.endpoint_id), 15000) + p_margin_ms) / 1000.0),
    updated_at = now()
  WHERE dl.id = p_delivery AND dl.tenant_id = p_tenant AND dl.status = 'pending'
    AND (dl.lease_until IS NULL OR dl.lease_until < now())
  RETURNING dl.* INTO d;
  IF NOT FOUND THEN
    SELECT dl.lease_until INTO held FROM deliveries dl
    WHERE dl.id = p_delivery AND dl.tenant_id = p_tenant AND dl.status = 'pending';
    IF NOT FOUND THEN RETURN NULL; END IF;
    RETURN json_build_object('leasedUntil', held);
  END IF;
  RETURN json_build_object(
    'delivery', json_build_object('id', d.id, 'tenantId', d.tenant_id, 'messageId', d.message_id,
      'endpointId', d.endpoint_id, 'url', d.url, 'attempts', d.attempts),
    'message', (SELECT json_build_object('id', m.id, 'eventType', m.event_type,
      'payload', m.payload, 'createdAt', m.created_at, 'runId', m.run_id)
      FROM messages m WHERE m.id = d.message_id),
    'endpoint', (SELECT json_build_object('id', e.id, 'tenantId', e.tenant_id, 'url', e.url,
      'status', e.status, 'headers', e.headers, 'rateLimit', e.rate_limit,
      'retrySchedule', e.retry_schedule, 'timeoutMs', e.timeout_ms,
      'signatureScheme', e.signature_scheme, 'signatureHeader', e.signature_header,
      'failingSince', e.failing_since)
      FROM endpoints e WHERE e.id = d.endpoint_id),
    'tenant', (SELECT json_build_object('retrySchedule', t.retry_schedule,
      'runSecret', t.run_webhook_secret, 'runSecretKeyId', t.run_webhook_secret_key_id)
      FROM tenants t WHERE t.id = p_tenant),
    'secrets', (SELECT coalesce(json_agg(json_build_object('ciphertext', s.ciphertext,
      'keyId', s.key_id) ORDER BY s.id DESC), '[]'::json)
      FROM endpoint_secrets s WHERE s.endpoint_id = d.endpoint_id
        AND (s.expires_at IS NULL OR s.expires_at > now())));
END;
$$;--> statement-breakpoint

-- Writes one attempt and its outcome: the attempt row, the delivery's new state and the
-- endpoint's last success or failure, touched at most once a second per outcome so parallel
-- deliveries to one endpoint do not queue on its row lock.
CREATE FUNCTION herald_write_attempt(p_tenant text, a json)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO attempts (id, tenant_id, delivery_id, message_id, endpoint_id, url, attempt_number,
    request_headers, status_code, response_body, duration_ms, error_code, error)
  VALUES (a->>'id', p_tenant, a->>'deliveryId', a->>'messageId', a->>'endpointId', a->>'url',
    (a->>'attemptNumber')::int, (a->'requestHeaders')::jsonb, (a->>'statusCode')::int,
    a->>'responseBody', (a->>'durationMs')::int, a->>'errorCode', a->>'error');
  UPDATE deliveries SET
    status = a->>'status', attempts = (a->>'attemptNumber')::int, last_attempt_at = now(),
    last_status_code = (a->>'statusCode')::int, last_error = a->>'lastError',
    next_attempt_at = (a->>'nextAttemptAt')::timestamptz, lease_until = NULL, updated_at = now()
  WHERE id = a->>'deliveryId';
  IF a->>'endpointId' IS NOT NULL THEN
    IF (a->>'ok')::boolean THEN
      UPDATE endpoints SET last_success_at = now(), failing_since = NULL
      WHERE id = a->>'endpointId' AND (failing_since IS NOT NULL OR last_success_at IS NULL
        OR last_success_at < now() - interval '1 second');
    ELSE
      UPDATE endpoints SET last_failure_at = now(), failing_since = coalesce(failing_since, now())
      WHERE id = a->>'endpointId' AND (failing_since IS NULL OR last_failure_at IS NULL
        OR last_failure_at < now() - interval '1 second');
    END IF;
  END IF;
END;
$$;--> statement-breakpoint

-- Records a batch of one tenant's attempts (see herald_write_attempt) and adds their retry
-- jobs in one add_jobs. The commit need not wait for the disk: graphile completes the jobs
-- afterwards with a synchronous commit, which makes this one durable too; a crash before
-- that re-runs the job, which is at-least-once delivery as designed.
CREATE FUNCTION herald_record_attempts(p_tenant text, p_attempts json)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  a json;
  specs json[] := '{}';
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant, true);
  PERFORM set_config('synchronous_commit', 'off', true);
  FOR a IN SELECT value FROM json_array_elements(p_attempts) LOOP
    PERFORM herald_write_attempt(p_tenant, a);
    IF json_typeof(a->'retryJob') = 'object' THEN
      specs := specs || (a->'retryJob');
    END IF;
  END LOOP;
  IF cardinality(specs) > 0 THEN
    PERFORM herald_add_jobs(array_to_json(specs));
  END IF;
END;
$$;--> statement-breakpoint

-- Claims a batch of one tenant's deliveries: one herald_claim_delivery result per id, in order.
CREATE FUNCTION herald_claim_deliveries(p_tenant text, p_ids json, p_margin_ms int)
RETURNS json LANGUAGE sql AS $$
  SELECT json_agg(herald_claim_delivery(p_tenant, t.id, p_margin_ms) ORDER BY t.ord)
  FROM json_array_elements_text(p_ids) WITH ORDINALITY AS t(id, ord)
$$;--> statement-breakpoint

-- The fan-out job for a message that is not a run event: routes it and writes its delivery
-- rows and their jobs in one statement; returns how many deliveries are new. NULL for a run
-- event, whose run may also have a one-off webhook URL: the worker fans those out itself.
CREATE FUNCTION herald_fan_out(p_tenant text, p_message text)
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  r messages%ROWTYPE;
  specs json[];
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant, true);
  SELECT * INTO r FROM messages WHERE tenant_id = p_tenant AND id = p_message;
  IF NOT FOUND THEN RETURN 0; END IF;
  IF r.run_id IS NOT NULL THEN RETURN NULL; END IF;
  specs := herald_route_message(p_tenant, r, NULL);
  IF cardinality(specs) > 0 THEN
    PERFORM herald_add_jobs(array_to_json(specs));
  END IF;
  RETURN cardinality(specs);
END;
$$;
--> statement-breakpoint

-- Puts a batch of one tenant's claimed deliveries back for later (rate limit, or an endpoint
-- at its in-flight cap): drops their leases and adds their jobs in one add_jobs. Like a
-- claim, losing this to a crash only delays the delivery, so the commit need not wait.
CREATE FUNCTION herald_defer_deliveries(p_tenant text, p_items json)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  specs json;
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant, true);
  PERFORM set_config('synchronous_commit', 'off', true);
  UPDATE deliveries d SET lease_until = NULL, updated_at = now()
  FROM json_array_elements(p_items) i
  WHERE d.id = i->>'deliveryId' AND d.tenant_id = p_tenant;
  SELECT json_agg(json_build_object('identifier', 'deliver',
    'payload', json_build_object('tenantId', p_tenant, 'deliveryId', i->>'deliveryId'),
    'run_at', i->>'runAt', 'max_attempts', 25))
  INTO specs FROM json_array_elements(p_items) i;
  IF specs IS NOT NULL THEN
    PERFORM herald_add_jobs(specs);
  END IF;
END;
$$;
