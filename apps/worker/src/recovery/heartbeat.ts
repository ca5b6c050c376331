// Crash recovery: graphile-worker leaves a SIGKILLed worker's jobs locked for 4 hours. Every
// live pool writes a heartbeat; any live pool frees the jobs of pools that stopped beating.
import type postgres from "postgres";
import type { Logger } from "../log.js";

export const HEARTBEAT_INTERVAL_MS = 5_000;
export const DEAD_AFTER_SECONDS = 30;

export interface Heartbeat {
  stop(): Promise<void>;
  /** One beat and one sweep now (tests and start-up). */
  tick(): Promise<void>;
}

export function startHeartbeat(sql: postgres.Sql, workerId: string, log: Logger): Heartbeat {
  let stopped = false;
  let running: Promise<void> | undefined;

  async function tick() {
    await sql`
      insert into worker_heartbeats (worker_id, started_at, last_seen_at) values (${workerId}, now(), now())
      on conflict (worker_id) do update set last_seen_at = now()`;
    // Locked by a pool with no fresh heartbeat (dead, or died before its first beat).
    const dead = await sql<{ locked_by: string }[]>`
      select distinct locked_by from graphile_worker._private_jobs
      where locked_by is not null
        and locked_at < now() - make_interval(secs => ${DEAD_AFTER_SECONDS})
        and locked_by not in (
          select worker_id from worker_heartbeats
          where last_seen_at > now() - make_interval(secs => ${DEAD_AFTER_SECONDS}))`;
    if (dead.length > 0) {
      const ids = dead.map((d) => d.locked_by);
      await sql`select graphile_worker.force_unlock_workers(${ids}::text[])`;
      log.warn("worker.unlocked_dead_workers", { workerIds: ids });
    }
    await sql`delete from worker_heartbeats where last_seen_at < now() - interval '1 hour'`;
  }

  const timer = setInterval(() => {
    if (stopped || running) return;
    running = tick()
      .catch((error) => log.error("worker.heartbeat_failed", { error }))
      .finally(() => {
        running = undefined;
      });
  }, HEARTBEAT_INTERVAL_MS);
  timer.unref();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await sql`delete from worker_heartbeats where worker_id = ${workerId}`.catch(() => {});
    },
  };
}
