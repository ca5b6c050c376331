// Herald's tables. Every table but `tenants` carries `tenant_id`; row-level security on
// all of them (ENABLE + FORCE, policies on app.tenant_id) lives in the SQL migrations.
import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const stamp = (name: string) => ts(name).notNull().defaultNow();
const createdAt = () => stamp("created_at");
const tenantId = () =>
  text("tenant_id")
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" });

export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  retrySchedule: text("retry_schedule"),
  /** Signs one-off run webhooks (`webhookUrl` on a run); encrypted like endpoint secrets. */
  runWebhookSecret: text("run_webhook_secret").notNull(),
  runWebhookSecretKeyId: text("run_webhook_secret_key_id").notNull(),
  createdAt: createdAt(),
});

export const agents = pgTable(
  "agents",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    name: text("name").notNull(),
    description: text("description"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("agents_tenant_name_key").on(t.tenantId, t.name)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    name: text("name").notNull(),
    scope: text("scope", { enum: ["tenant", "agent"] }).notNull(),
    agentId: text("agent_id").references(() => agents.id, { onDelete: "cascade" }),
    /** SHA-256 of the whole key, hex; the key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull(),
    /** The first characters of the key, so people can tell keys apart. */
    keyPrefix: text("key_prefix").notNull(),
    createdAt: createdAt(),
    revokedAt: ts("revoked_at"),
    lastUsedAt: ts("last_used_at"),
  },
  (t) => [
    uniqueIndex("api_keys_key_hash_key").on(t.keyHash),
    index("api_keys_tenant_idx").on(t.tenantId),
  ],
);

export const eventTypes = pgTable(
  "event_types",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** JSON Schema of the event's `data`; null accepts any object. */
    schema: jsonb("schema").$type<Record<string, unknown> | null>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("event_types_tenant_name_key").on(t.tenantId, t.name)],
);

export const endpoints = pgTable(
  "endpoints",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    /** Set when an agent registered the endpoint itself. */
    agentId: text("agent_id").references(() => agents.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** Subscriptions: exact names or `prefix.*` wildcards; empty means every event. */
    eventTypes: text("event_types").array().notNull().default(sql`'{}'::text[]`),
    channels: text("channels").array().notNull().default(sql`'{}'::text[]`),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    rateLimit: integer("rate_limit"),
    retrySchedule: text("retry_schedule"),
    timeoutMs: integer("timeout_ms").notNull().default(15_000),
    signatureScheme: text("signature_scheme", { enum: ["STANDARD", "HMAC_SHA256_HEX"] })
      .notNull()
      .default("STANDARD"),
    signatureHeader: text("signature_header"),
    status: text("status", { enum: ["enabled", "disabled"] })
      .notNull()
      .default("enabled"),
    disabledReason: text("disabled_reason"),
    disabledAt: ts("disabled_at"),
    /** Start of the current run of failures without a success; cleared by any success. */
    failingSince: ts("failing_since"),
    lastSuccessAt: ts("last_success_at"),
    lastFailureAt: ts("last_failure_at"),
    createdAt: createdAt(),
    updatedAt: stamp("updated_at"),
  },
  (t) => [
    index("endpoints_tenant_idx").on(t.tenantId, t.id),
    uniqueIndex("endpoints_agent_url_key")
      .on(t.tenantId, t.agentId, t.url)
      .where(sql`agent_id is not null`),
  ],
);

export const endpointSecrets = pgTable(
  "endpoint_secrets",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => endpoints.id, { onDelete: "cascade" }),
    /** AES-256-GCM ciphertext of the `whsec_` secret under the master key `keyId`. */
    ciphertext: text("ciphertext").notNull(),
    keyId: text("key_id").notNull(),
    createdAt: createdAt(),
    /** Null for the current secret; a rotated-out secret signs until then. */
    expiresAt: ts("expires_at"),
  },
  (t) => [index("endpoint_secrets_endpoint_idx").on(t.endpointId)],
);

export const runs = pgTable(
  "runs",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    agentId: text("agent_id").references(() => agents.id, { onDelete: "set null" }),
    workflowId: text("workflow_id"),
    status: text("status", {
      enum: ["queued", "running", "succeeded", "failed", "cancelled", "timed_out"],
    }).notNull(),
    input: jsonb("input"),
    output: jsonb("output"),
    error: jsonb("error").$type<{ message: string; code?: string | null } | null>(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    /** Encrypted sensitive input; erased when the run reaches a terminal state. */
    sensitiveInput: text("sensitive_input"),
    sensitiveInputKeyId: text("sensitive_input_key_id"),
    sensitiveInputKeys: text("sensitive_input_keys").array().notNull().default(sql`'{}'::text[]`),
    webhookUrl: text("webhook_url"),
    webhookState: text("webhook_state", { enum: ["none", "pending", "delivered", "failed"] })
      .notNull()
      .default("none"),
    webhookFailureReason: text("webhook_failure_reason"),
    triggerId: text("trigger_id"),
    /** `webhook-id` of the trigger request that created the run, for replay dedupe. */
    triggerRequestId: text("trigger_request_id"),
    createdAt: createdAt(),
    queuedAt: stamp("queued_at"),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
  },
  (t) => [
    index("runs_tenant_idx").on(t.tenantId, t.id),
    index("runs_agent_idx").on(t.tenantId, t.agentId, t.id),
    uniqueIndex("runs_trigger_request_key").on(t.triggerId, t.triggerRequestId),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    eventType: text("event_type").notNull(),
    /** The event's `data`; nulled by the retention purge. */
    payload: jsonb("payload").$type<Record<string, unknown> | null>(),
    channels: text("channels").array().notNull().default(sql`'{}'::text[]`),
    idempotencyKey: text("idempotency_key"),
    /** Run events are scoped to the run's agent for agent-registered endpoints. */
    runId: text("run_id"),
    agentId: text("agent_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("messages_idempotency_key").on(t.tenantId, t.idempotencyKey),
    index("messages_tenant_created_idx").on(t.tenantId, t.createdAt),
  ],
);

export const deliveries = pgTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    /** Null for a run's one-off `webhookUrl`, which is signed with the tenant's run secret. */
    endpointId: text("endpoint_id").references(() => endpoints.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at"),
    lastAttemptAt: ts("last_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    /** A worker sending this delivery holds it until then; guards against duplicate jobs. */
    leaseUntil: ts("lease_until"),
    createdAt: createdAt(),
    updatedAt: stamp("updated_at"),
  },
  (t) => [
    uniqueIndex("deliveries_message_endpoint_key").on(t.messageId, t.endpointId),
    index("deliveries_endpoint_idx").on(t.endpointId, t.status, t.createdAt),
  ],
);

export const attempts = pgTable(
  "attempts",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    messageId: text("message_id").notNull(),
    endpointId: text("endpoint_id"),
    url: text("url").notNull(),
    attemptNumber: integer("attempt_number").notNull(),
    /** Request headers with every signature redacted. */
    requestHeaders: jsonb("request_headers").$type<Record<string, string>>().notNull(),
    statusCode: integer("status_code"),
    responseBody: text("response_body"),
    durationMs: integer("duration_ms").notNull(),
    errorCode: text("error_code"),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [
    index("attempts_delivery_idx").on(t.deliveryId),
    index("attempts_tenant_created_idx").on(t.tenantId, t.createdAt),
  ],
);

export const triggers = pgTable(
  "triggers",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    agentId: text("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    description: text("description").notNull().default(""),
    secret: text("secret").notNull(),
    secretKeyId: text("secret_key_id").notNull(),
    /** The previous secret, still accepted until `previousSecretExpiresAt`. */
    previousSecret: text("previous_secret"),
    previousSecretKeyId: text("previous_secret_key_id"),
    previousSecretExpiresAt: ts("previous_secret_expires_at"),
    allowedSources: text("allowed_sources").array().notNull().default(sql`'{}'::text[]`),
    requireSignature: boolean("require_signature").notNull().default(true),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("triggers_tenant_idx").on(t.tenantId, t.id)],
);

/** Liveness of worker pools, so a live worker can free the jobs of a dead one. Not tenant data. */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  startedAt: stamp("started_at"),
  lastSeenAt: stamp("last_seen_at"),
});

export const TENANT_TABLES = [
  "agents",
  "api_keys",
  "event_types",
  "endpoints",
  "endpoint_secrets",
  "runs",
  "messages",
  "deliveries",
  "attempts",
  "triggers",
] as const;
