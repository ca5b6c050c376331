// The delivery job: claim the delivery, sign and POST the message, record the attempt, and
// decide what happens next (done, retry at a time, failed, endpoint disabled). Nothing is
// held open while the HTTP request runs: claim and record are two short transactions.
import { type Executor, newId, type Tx, tables, withTenant } from "@herald/db";
import { DeliverJob } from "@herald/schema";
import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { type TaskDeps, USER_AGENT } from "../deps.js";
import { OPERATIONAL_EVENT_TYPES } from "../fanout/match.js";
import { addDeliverJobs } from "../jobs.js";
import { deliveryAttempts, deliveryDurationMs } from "../metrics.js";
import { messageBody, publishMessage } from "../publish.js";
import { DEFAULT_RETRY_SCHEDULE_MS, nextRetryDelay, parseRetrySchedule } from "./retry-schedule.js";
import type { SendResult } from "./send.js";
import { buildWebhookHeaders, redactHeaders } from "./sign.js";

const LEASE_MARGIN_MS = 10_000;
type DeliveryRow = typeof tables.deliveries.$inferSelect;
type EndpointRow = typeof tables.endpoints.$inferSelect;

interface Claimed {
  delivery: DeliveryRow;
  message: typeof tables.messages.$inferSelect;
  endpoint: EndpointRow | undefined;
  secrets: string[];
  schedule: readonly number[];
  timeoutMs: number;
}

function schedule(endpoint: EndpointRow | undefined, tenantSchedule: string | null) {
  const text = endpoint?.retrySchedule ?? tenantSchedule;
  if (!text) return DEFAULT_RETRY_SCHEDULE_MS;
  try {
    return parseRetrySchedule(text);
  } catch {
    return DEFAULT_RETRY_SCHEDULE_MS;
  }
}

async function claim(
  deps: TaskDeps,
  tx: Tx,
  tenantId: string,
  deliveryId: string,
): Promise<Claimed | { retryAt: Date } | null> {
  const [current] = await tx
    .select()
    .from(tables.deliveries)
    .where(and(eq(tables.deliveries.tenantId, tenantId), eq(tables.deliveries.id, deliveryId)));
  if (!current || current.status !== "pending") return null;
  const [message] = await tx
    .select()
    .from(tables.messages)
    .where(eq(tables.messages.id, current.messageId));
  if (!message) return null;
  const [endpoint] = current.endpointId
    ? await tx.select().from(tables.endpoints).where(eq(tables.endpoints.id, current.endpointId))
    : [undefined];
  const timeoutMs = endpoint?.timeoutMs ?? 15_000;
  // Another job may hold this delivery (a replay beside a scheduled retry): come back later.
  const [delivery] = await tx
    .update(tables.deliveries)
    .set({ leaseUntil: new Date(Date.now() + timeoutMs + LEASE_MARGIN_MS), updatedAt: new Date() })
    .where(
      and(
        eq(tables.deliveries.id, deliveryId),
        eq(tables.deliveries.status, "pending"),
        or(isNull(tables.deliveries.leaseUntil), lt(tables.deliveries.leaseUntil, new Date())),
      ),
    )
    .returning();
  if (!delivery) return { retryAt: new Date((current.leaseUntil?.getTime() ?? Date.now()) + 1000) };

  const [tenant] = await tx
    .select({
      retrySchedule: tables.tenants.retrySchedule,
      runSecret: tables.tenants.runWebhookSecret,
      runSecretKeyId: tables.tenants.runWebhookSecretKeyId,
    })
    .from(tables.tenants)
    .where(eq(tables.tenants.id, tenantId));
  let secrets: string[];
  if (endpoint) {
    const rows = await tx
      .select()
      .from(tables.endpointSecrets)
      .where(
        and(
          eq(tables.endpointSecrets.endpointId, endpoint.id),
          or(
            isNull(tables.endpointSecrets.expiresAt),
            gt(tables.endpointSecrets.expiresAt, new Date()),
          ),
        ),
      )
      .orderBy(sql`${tables.endpointSecrets.id} desc`);
    secrets = rows.map((r) => deps.keyring.open(r.ciphertext, r.keyId));
  } else {
    secrets = tenant ? [deps.keyring.open(tenant.runSecret, tenant.runSecretKeyId)] : [];
  }
  return {
    delivery,
    message,
    endpoint,
    secrets,
    schedule: schedule(endpoint, tenant?.retrySchedule ?? null),
    timeoutMs,
  };
}

export function summarise(result: SendResult): string {
  if (result.ok) return `HTTP ${result.statusCode}`;
  if (result.statusCode !== null) return `HTTP ${result.statusCode}`;
  return result.error ?? result.errorCode ?? "failed";
}

async function disableEndpoint(
  tx: Executor,
  endpoint: EndpointRow,
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
  const claimed = await withTenant(deps.db, tenantId, (tx) =>
    claim(deps, tx, tenantId, deliveryId),
  );
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

  if (endpoint?.rateLimit) {
    const waitMs = deps.rateLimiter.take(endpoint.id, endpoint.rateLimit);
    if (waitMs > 250) {
      // Over the endpoint's limit: hand the slot back and come back when a token is due.
      await withTenant(deps.db, tenantId, async (tx) => {
        await tx
          .update(tables.deliveries)
          .set({ leaseUntil: null, updatedAt: new Date() })
          .where(eq(tables.deliveries.id, delivery.id));
        await addDeliverJobs(tx, [
          { payload: { tenantId, deliveryId }, runAt: new Date(Date.now() + waitMs) },
        ]);
      });
      return;
    }
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
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

  const attemptNumber = delivery.attempts + 1;
  const outcome = await withTenant(deps.db, tenantId, (tx) =>
    record(deps, tx, { claimed, result, headers, attemptNumber }),
  );
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

async function record(
  deps: TaskDeps,
  tx: Tx,
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
  await tx.insert(tables.attempts).values({
    id: newId("attempt"),
    tenantId: delivery.tenantId,
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
  });

  let outcome: Outcome;
  if (result.ok) outcome = { kind: "succeeded" };
  else if (result.errorCode === "destination_blocked" || result.errorCode === "invalid_url") {
    outcome = { kind: "failed", reason: result.error ?? "destination is not allowed" };
  } else if (result.statusCode === 410) {
    outcome = { kind: "failed", reason: "the endpoint answered 410 Gone" };
  } else {
    const delayMs = nextRetryDelay({
      schedule: claimed.schedule,
      failedAttempts: attemptNumber,
      retryAfterMs: result.retryAfterMs,
    });
    outcome =
      delayMs === null
        ? { kind: "failed", reason: `every retry failed; last: ${summarise(result)}` }
        : { kind: "retry", delayMs };
  }

  const nextAttemptAt = outcome.kind === "retry" ? new Date(now.getTime() + outcome.delayMs) : null;
  await tx
    .update(tables.deliveries)
    .set({
      status: outcome.kind === "retry" ? "pending" : outcome.kind,
      attempts: attemptNumber,
      lastAttemptAt: now,
      lastStatusCode: result.statusCode,
      lastError: result.ok ? null : summarise(result),
      nextAttemptAt,
      leaseUntil: null,
      updatedAt: now,
    })
    .where(eq(tables.deliveries.id, delivery.id));
  if (outcome.kind === "retry") {
    await addDeliverJobs(tx, [
      { payload: { tenantId: delivery.tenantId, deliveryId: delivery.id }, runAt: nextAttemptAt! },
    ]);
  }

  if (endpoint) {
    if (result.ok) {
      await tx
        .update(tables.endpoints)
        .set({ lastSuccessAt: now, failingSince: null })
        .where(eq(tables.endpoints.id, endpoint.id));
    } else {
      await tx
        .update(tables.endpoints)
        .set({
          lastFailureAt: now,
          failingSince: sql`coalesce(${tables.endpoints.failingSince}, now())`,
        })
        .where(eq(tables.endpoints.id, endpoint.id));
      const failingSince = endpoint.failingSince ?? now;
      if (result.statusCode === 410) {
        await disableEndpoint(tx, endpoint, "the endpoint answered 410 Gone", deps);
      } else if (now.getTime() - failingSince.getTime() >= deps.disableAfterMs) {
        const days = Math.round((deps.disableAfterMs / 86_400_000) * 10) / 10;
        await disableEndpoint(tx, endpoint, `failing without a success for ${days} days`, deps);
      }
    }
  } else if (message.runId) {
    await tx
      .update(tables.runs)
      .set({
        webhookState: result.ok ? "delivered" : outcome.kind === "retry" ? "pending" : "failed",
        webhookFailureReason: result.ok ? null : summarise(result),
      })
      .where(eq(tables.runs.id, message.runId));
  }

  if (outcome.kind === "failed" && endpoint && !OPERATIONAL_EVENT_TYPES.has(message.eventType)) {
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
  return outcome;
}
