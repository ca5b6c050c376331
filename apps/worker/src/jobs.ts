// Adding graphile-worker jobs inside the caller's own transaction, through SQL on that
// transaction's connection (there is no JS API for this): a crash keeps both the row and
// its job, or neither. `herald_add_jobs` (a migration) wraps graphile's add_jobs.
import type { Executor } from "@herald/db";
import { DeliverJob, FanoutJob, JOB_NAMES } from "@herald/schema";
import { sql } from "drizzle-orm";

export async function addFanoutJob(tx: Executor, payload: FanoutJob): Promise<void> {
  const spec = {
    identifier: JOB_NAMES.fanout,
    payload: FanoutJob.parse(payload),
    max_attempts: 25,
  };
  await tx.execute(sql`select herald_add_jobs(${JSON.stringify([spec])}::text::json)`);
}

/** One delivery job as graphile's add_jobs takes it (a job_spec). */
export function deliverJobSpec(payload: DeliverJob, runAt?: Date) {
  return {
    identifier: JOB_NAMES.deliver,
    payload: DeliverJob.parse(payload),
    run_at: (runAt ?? new Date()).toISOString(),
    max_attempts: 25,
  };
}

/** Adds delivery jobs in one statement (add_jobs), each at its own time. */
export async function addDeliverJobs(
  tx: Executor,
  jobs: { payload: DeliverJob; runAt?: Date }[],
): Promise<void> {
  if (jobs.length === 0) return;
  const specs = jobs.map(({ payload, runAt }) => deliverJobSpec(payload, runAt));
  await tx.execute(sql`select herald_add_jobs(${JSON.stringify(specs)}::text::json)`);
}
