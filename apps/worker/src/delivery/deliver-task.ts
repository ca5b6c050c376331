// The delivery job: claim the delivery, sign and POST the message, record the attempt, and
// decide what happens next (done, retry at a time, failed, endpoint disabled). Nothing is
// held open while the HTTP request runs: claim and record are two short statements, each
// shared with the worker's concurrent deliveries of the same tenant.
import { type Executor, newId, tables, withTenant } from "@herald/db";
import { DeliverJob } from "@herald/schema";
import { and, eq } from "drizzle-orm";
import { type TaskDeps, USER_AGENT } from "../deps.js";
import { OPERATIONAL_EVENT_TYPES } from "../fanout/match.js";
import { addDeliverJobs, deliverJobSpec } from "../jobs.js";
import { deliveriesDeferred, deliveryAttempts, deliveryDurationMs } from "../metrics.js";
import { messageBody, publishMessage } from "../publish.js";
import { type AttemptRecord, type ClaimRow, recordAttemptsSql } from "./delivery-store.js";
import { DEFAULT_RETRY_SCHEDULE_MS, nextRetryDelay, parseRetrySchedule } from "./retry-schedule.js";
import type { SendResult } from "./send.js";
import { buildWebhookHeaders, redactHeaders } from "./sign.js";

const GONE = "the endpoint answered 410 Gone";

/** How long a delivery waits for its endpoint to free a slot before it is put back. */
const SLOT_WAIT_MS = 50;

type ClaimedRow = Exclude<ClaimRow, null | { leasedUntil: string | null }>;
type Endpoint = Omit<NonNullable<ClaimedRow["endpoint"]>, "failingSince"> & {
  failingSince: Date | null;
};

interface Claimed {
  delivery: ClaimedRow["delivery"];
  message: Omit<NonNullable<ClaimedRow["message"]>, "createdAt"> & { createdAt: Date };
  endpoint: Endpoint | undefined;
  secrets: string[];
  schedule: readonly number[];
  timeoutMs: number;
}

function schedule(endpoint: Endpoint | undefined, tenantSchedule: string | null) {
  const text = endpoint?.retrySchedule ?? tenantSchedule;
  if (!text) return DEFAULT_RETRY_SCHEDULE_MS;
  try {
    return parseRetrySchedule(text);
  } catch {
    return DEFAULT_RETRY_SCHEDULE_MS;
  }
}

/** Leases the delivery and loads what sending it needs (batched with concurrent claims). */
async function claim(
  deps: TaskDeps,
  tenantId: string,
  deliveryId: string,
): Promise<Claimed | { retryAt: Date } | null> {
  const row = await deps.deliveries.claim(tenantId, deliveryId);
  if (row === null) return null;
  // Another job holds this delivery (a replay beside a scheduled retry): come back later.
  if ("leasedUntil" in row) {
    const held = row.leasedUntil ? new Date(row.leasedUntil).getTime() : Date.now();
    return { retryAt: new Date(held + 1000) };
  }
  if (!row.message) return null;
  const endpoint: Endpoint | undefined = row.endpoint
    ? {
        ...row.endpoint,
        failingSince: row.endpoint.failingSince ? new Date(row.endpoint.failingSince) : null,
      }
    : undefined;
  let secrets: string[];
  if (endpoint) secrets = row.secrets.map((r) => deps.keyring.open(r.ciphertext, r.keyId));
  else
    secrets = row.tenant
      ? [deps.keyring.open(row.tenant.runSecret, row.tenant.runSecretKeyId)]
      : [];
  return {
    delivery: row.delivery,
    message: { ...row.message, createdAt: new Date(row.message.createdAt) },
    endpoint,
    secrets,
    schedule: schedule(endpoint, row.tenant?.retrySchedule ?? null),
    timeoutMs: endpoint?.timeoutMs ?? 15_000,
  };
}

export function summarise(result: SendResult): string {
  if (result.ok) return `HTTP ${result.statusCode}`;
  if (result.statusCode !== null) return `HTTP ${result.statusCode}`;
  return result.error ?? result.errorCode ?? "failed";
}

async function disableEndpoint(
  tx: Executor,
  endpoint: Pick<Endpoint, "id" | "tenantId" | "url">,
  reason: string,
  deps: TaskDeps,
) {
  const now = new Date();
  const [changed] = await tx
    .update(tables.endpoints)
    .set({ status: "disabled", disabledReason: reason, disabledAt: now, updatedAt: now })
    .where(and(eq(tables.endpoints.id, endpoint.id), eq(tables.endpoints.status, "enabled")))
    .returning({ id: tables.endpoints.id });
  if (!changed) return;
  deps.log.warn("endpoint.auto_disabled", {
    tenantId: endpoint.tenantId,
    endpointId: endpoint.id,
    reason,
  });
  await publishMessage(tx, {
    tenantId: endpoint.tenantId,
    type: "endpoint.disabled",
    data: { endpointId: endpoint.id, url: endpoint.url, reason, disabledAt: now.toISOString() },
  });
}

export async function runDeliver(deps: TaskDeps, rawPayload: unknown): Promise<void> {
  const { tenantId, deliveryId } = DeliverJob.parse(rawPayload);
  const claimed = await claim(deps, tenantId, deliveryId);
  if (claimed === null) return;
  if ("retryAt" in claimed) {
    await withTenant(deps.db, tenantId, (tx) =>
      addDeliverJobs(tx, [{ payload: { tenantId, deliveryId }, runAt: claimed.retryAt }]),
    );
    return;
  }
  const { delivery, message, endpoint } = claimed;
  const log = deps.log.child({
    tenantId,
    deliveryId,
    messageId: message.id,
    endpointId: endpoint?.id,
  });

  if (endpoint && endpoint.status !== "enabled") {
    await withTenant(deps.db, tenantId, (tx) =>
      tx
        .update(tables.deliveries)
        .set({
          status: "failed",
          lastError: "endpoint is disabled",
          leaseUntil: null,
          updatedAt: new Date(),
        })
        .where(eq(tables.deliveries.id, delivery.id)),
    );
    log.info("delivery.skipped", { reason: "endpoint_disabled" });
    return;
  }

  // Hand the slot back and come back later: over the endpoint's rate limit, or when the
  // endpoint already holds its share of this worker's slots (a slow or hanging receiver
  // must not starve everyone else's deliveries).
  const deferTo = (runAt: Date) => deps.deliveries.defer(tenantId, deliveryId, runAt);
  if (endpoint?.rateLimit) {
    const waitMs = deps.rateLimiter.take(endpoint.id, endpoint.rateLimit);
    if (waitMs > 250) {
      await deferTo(new Date(Date.now() + waitMs));
      return;
    }
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  }
  const slotKey = endpoint?.id ?? delivery.url;
  if (!(await deps.slots.acquire(slotKey, SLOT_WAIT_MS))) {
    // Its requests are not finishing: come back later, in line behind its other put-backs.
    const at = deps.slots.later(slotKey, claimed.timeoutMs);
    deliveriesDeferred();
    await deferTo(at);
    log.debug("delivery.deferred", { retryInMs: at.getTime() - Date.now() });
    return;
  }

  const body = messageBody(message);
  const timestamp = Math.floor(Date.now() / 1000);
  let headers: Record<string, string>;
  let result: SendResult;
  try {
    headers = buildWebhookHeaders({
      msgId: message.id,
      timestamp,
      body,
      secrets: claimed.secrets,
      scheme: endpoint?.signatureScheme ?? "STANDARD",
      ...(endpoint?.signatureHeader ? { hexHeaderName: endpoint.signatureHeader } : {}),
      customHeaders: endpoint?.headers ?? {},
      userAgent: USER_AGENT,
    });
    result = await deps.sender.send({
      url: delivery.url,
      headers,
      body,
      timeoutMs: claimed.timeoutMs,
    });
  } catch (error) {
    headers = {};
    result = {
      ok: false,
      statusCode: null,
      durationMs: 0,
      responseBody: "",
      responseTruncated: false,
      retryAfterMs: null,
      errorCode: "connection_error",
      error: "could not sign or send the request",
    };
    log.error("delivery.send_failed", { error });
  }

  deps.slots.release(slotKey, result.statusCode !== null);

  const attemptNumber = delivery.attempts + 1;
  const outcome = await record(deps, { claimed, result, headers, attemptNumber });
  deliveryAttempts({ outcome: outcome.kind });
  deliveryDurationMs({}, Math.round(result.durationMs));
  log.info("delivery.attempt", {
    attempt: attemptNumber,
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    errorCode: result.errorCode,
    outcome: outcome.kind,
    ...(outcome.kind === "retry" ? { retryInMs: outcome.delayMs } : {}),
  });
}

type Outcome =
  | { kind: "succeeded" }
  | { kind: "retry"; delayMs: number }
  | { kind: "failed"; reason: string };

function decide(claimed: Claimed, result: SendResult, attemptNumber: number): Outcome {
  if (result.ok) return { kind: "succeeded" };
  if (result.errorCode === "destination_blocked" || result.errorCode === "invalid_url") {
    return { kind: "failed", reason: result.error ?? "destination is not allowed" };
  }
  if (result.statusCode === 410) return { kind: "failed", reason: GONE };
  const delayMs = nextRetryDelay({
    schedule: claimed.schedule,
    failedAttempts: attemptNumber,
    retryAfterMs: result.retryAfterMs,
  });
  return delayMs === null
    ? { kind: "failed", reason: `every retry failed; last: ${summarise(result)}` }
    : { kind: "retry", delayMs };
}

/**
 * Writes the attempt and its outcome. The common cases (a success, a retry) are one
 * statement; anything that also disables an endpoint, emits an operational event or updates
 * a run runs in one transaction with it.
 */
async function record(
  deps: TaskDeps,
  args: {
    claimed: Claimed;
    result: SendResult;
    headers: Record<string, string>;
    attemptNumber: number;
  },
): Promise<Outcome> {
  const { claimed, result, headers, attemptNumber } = args;
  const { delivery, message, endpoint } = claimed;
  const now = new Date();
  const outcome = decide(claimed, result, attemptNumber);
  const nextAttemptAt = outcome.kind === "retry" ? new Date(now.getTime() + outcome.delayMs) : null;
  const attempt: AttemptRecord = {
    id: newId("attempt"),
    deliveryId: delivery.id,
    messageId: message.id,
    endpointId: endpoint?.id ?? null,
    url: delivery.url,
    attemptNumber,
    requestHeaders: redactHeaders(headers),
    statusCode: result.statusCode,
    responseBody: result.responseBody || null,
    durationMs: Math.round(result.durationMs),
    errorCode: result.errorCode,
    error: result.error,
    ok: result.ok,
    status: outcome.kind === "retry" ? "pending" : outcome.kind,
    lastError: result.ok ? null : summarise(result),
    nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
    retryJob: nextAttemptAt
      ? deliverJobSpec({ tenantId: delivery.tenantId, deliveryId: delivery.id }, nextAttemptAt)
      : null,
  };

  const failingSince = endpoint ? (endpoint.failingSince ?? now) : now;
  const disableReason =
    !endpoint || result.ok
      ? null
      : result.statusCode === 410
        ? GONE
        : now.getTime() - failingSince.getTime() >= deps.disableAfterMs
          ? `failing without a success for ${Math.round((deps.disableAfterMs / 86_400_000) * 10) / 10} days`
          : null;
  const exhausted =
    outcome.kind === "failed" && endpoint && !OPERATIONAL_EVENT_TYPES.has(message.eventType);
  const runWebhook = !endpoint && message.runId;
  if (!disableReason && !exhausted && !runWebhook) {
    await deps.deliveries.record(delivery.tenantId, attempt);
    return outcome;
  }

  await withTenant(deps.db, delivery.tenantId, async (tx) => {
    await tx.execute(recordAttemptsSql(delivery.tenantId, [attempt]));
    if (endpoint && disableReason) await disableEndpoint(tx, endpoint, disableReason, deps);
    if (runWebhook && message.runId) {
      await tx
        .update(tables.runs)
        .set({
          webhookState: result.ok ? "delivered" : outcome.kind === "retry" ? "pending" : "failed",
          webhookFailureReason: result.ok ? null : summarise(result),
        })
        .where(eq(tables.runs.id, message.runId));
    }
    if (exhausted && endpoint) {
      await publishMessage(tx, {
        tenantId: delivery.tenantId,
        type: "message.attempt.exhausted",
        data: {
          messageId: message.id,
          endpointId: endpoint.id,
          eventType: message.eventType,
          attempts: attemptNumber,
          lastStatusCode: result.statusCode,
          lastError: result.ok ? null : summarise(result),
        },
      });
    }
  });
  return outcome;
}
