// The delivery job's writes, batched per tenant across the worker's concurrent jobs: claims
// (`herald_claim_deliveries`), attempt records (`herald_record_attempts`) and put-backs
// (`herald_defer_deliveries`). Under
// load, a dozen deliveries cost one statement each way instead of a dozen.
import type { Database } from "@herald/db";
import { sql } from "drizzle-orm";
import { TenantBatcher } from "../batcher.js";

/** What herald_claim_delivery returns, as JSON (see the hot_path_functions migration). */
export type ClaimRow =
  | null
  | { leasedUntil: string | null }
  | {
      delivery: {
        id: string;
        tenantId: string;
        messageId: string;
        endpointId: string | null;
        url: string;
        attempts: number;
      };
      message: {
        id: string;
        eventType: string;
        payload: Record<string, unknown> | null;
        createdAt: string;
        runId: string | null;
      } | null;
      endpoint: {
        id: string;
        tenantId: string;
        url: string;
        status: "enabled" | "disabled";
        headers: Record<string, string>;
        rateLimit: number | null;
        retrySchedule: string | null;
        timeoutMs: number;
        signatureScheme: "STANDARD" | "HMAC_SHA256_HEX";
        signatureHeader: string | null;
        failingSince: string | null;
      } | null;
      tenant: { retrySchedule: string | null; runSecret: string; runSecretKeyId: string } | null;
      secrets: { ciphertext: string; keyId: string }[];
    };

/** One attempt as herald_write_attempt reads it. */
export interface AttemptRecord {
  id: string;
  deliveryId: string;
  messageId: string;
  endpointId: string | null;
  url: string;
  attemptNumber: number;
  requestHeaders: Record<string, string>;
  statusCode: number | null;
  responseBody: string | null;
  durationMs: number;
  errorCode: string | null;
  error: string | null;
  ok: boolean;
  status: "pending" | "succeeded" | "failed";
  lastError: string | null;
  nextAttemptAt: string | null;
  /** A graphile job_spec for the retry, or null. */
  retryJob: Record<string, unknown> | null;
}

export const LEASE_MARGIN_MS = 10_000;

export interface DeliveryStore {
  claim(tenantId: string, deliveryId: string): Promise<ClaimRow>;
  record(tenantId: string, attempt: AttemptRecord): Promise<void>;
  /** Drops the lease and queues the delivery again for `runAt`. */
  defer(tenantId: string, deliveryId: string, runAt: Date): Promise<void>;
}

export function recordAttemptsSql(tenantId: string, attempts: AttemptRecord[]) {
  return sql`select herald_record_attempts(${tenantId}, ${JSON.stringify(attempts)}::text::json)`;
}

export function createDeliveryStore(db: Database): DeliveryStore {
  const claims = new TenantBatcher<string, ClaimRow>(async (tenantId, ids) => {
    const rows = await db.execute<{ claims: ClaimRow[] }>(
      sql`select herald_claim_deliveries(${tenantId}, ${JSON.stringify(ids)}::text::json, ${LEASE_MARGIN_MS}) as claims`,
    );
    return rows[0]?.claims ?? [];
  });
  const records = new TenantBatcher<AttemptRecord, undefined>(async (tenantId, attempts) => {
    await db.execute(recordAttemptsSql(tenantId, attempts));
    return attempts.map(() => undefined);
  });
  const deferrals = new TenantBatcher<{ deliveryId: string; runAt: string }, undefined>(
    async (tenantId, items) => {
      await db.execute(
        sql`select herald_defer_deliveries(${tenantId}, ${JSON.stringify(items)}::text::json)`,
      );
      return items.map(() => undefined);
    },
  );
  return {
    claim: (tenantId, deliveryId) => claims.submit(tenantId, deliveryId),
    record: (tenantId, attempt) => records.submit(tenantId, attempt),
    defer: (tenantId, deliveryId, runAt) =>
      deferrals.submit(tenantId, { deliveryId, runAt: runAt.toISOString() }),
  };
}
