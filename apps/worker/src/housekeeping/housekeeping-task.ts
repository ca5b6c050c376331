// Hourly housekeeping: purge message payloads and attempts past retention, and release
// idempotency keys older than 24 h. Runs as the owner: it spans every tenant.
import type postgres from "postgres";
import type { Logger } from "../log.js";

export async function runHousekeeping(
  sql: postgres.Sql,
  options: { retentionDays: number },
  log: Logger,
): Promise<void> {
  const purgedAttempts = await sql`
    delete from attempts where created_at < now() - make_interval(days => ${options.retentionDays})`;
  const purgedPayloads = await sql`
    update messages set payload = null
    where payload is not null and created_at < now() - make_interval(days => ${options.retentionDays})`;
  const released = await sql`
    update messages set idempotency_key = null
    where idempotency_key is not null and created_at < now() - interval '24 hours'`;
  const releasedTriggers = await sql`
    update runs set trigger_request_id = null
    where trigger_request_id is not null and created_at < now() - interval '24 hours'`;
  log.info("housekeeping.done", {
    attemptsPurged: purgedAttempts.count,
    payloadsPurged: purgedPayloads.count,
    idempotencyKeysReleased: released.count + releasedTriggers.count,
  });
}
