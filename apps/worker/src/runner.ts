// Starts the worker: graphile-worker with Herald's tasks (built from imported modules, not a
// task directory), heartbeats for crash recovery, and hourly housekeeping.
import { EventEmitter } from "node:events";
import { connect, Keyring } from "@herald/db";
import { JOB_NAMES } from "@herald/schema";
import { Logger as GraphileLogger, run, type TaskList, type WorkerEvents } from "graphile-worker";
import postgres from "postgres";
import type { WorkerConfig } from "./config.js";
import { runDeliver } from "./delivery/deliver-task.js";
import { createDeliveryStore } from "./delivery/delivery-store.js";
import { EndpointSlots } from "./delivery/endpoint-slots.js";
import { RateLimiter } from "./delivery/rate-limit.js";
import { createSender } from "./delivery/send.js";
import { createDestinationGuard } from "./delivery/ssrf-guard.js";
import { type TaskDeps, USER_AGENT } from "./deps.js";
import { runFanout } from "./fanout/fanout-task.js";
import { runHousekeeping } from "./housekeeping/housekeeping-task.js";
import type { Logger } from "./log.js";
import { type Heartbeat, startHeartbeat } from "./recovery/heartbeat.js";

export interface WorkerHandle {
  workerId: Promise<string>;
  stop(): Promise<void>;
}

export interface WorkerDatabase {
  ownerUrl: string;
  appUrl: string;
  masterKey: string;
  embedded: boolean;
}

export function allowPrivateFor(config: WorkerConfig, embedded: boolean): string[] {
  return config.allowPrivateDestinations ?? (embedded ? ["127.0.0.0/8", "::1/128"] : []);
}

function graphileLogger(log: Logger) {
  return new GraphileLogger(() => (level, message, meta) => {
    if (level === "debug") return;
    const fields = { message, ...(meta as Record<string, unknown>) };
    if (level === "error") log.error("graphile_worker", fields);
    else if (level === "warning") log.warn("graphile_worker", fields);
    else log.debug("graphile_worker", fields);
  });
}

export async function startWorker(
  config: WorkerConfig,
  db: WorkerDatabase,
  log: Logger,
): Promise<WorkerHandle> {
  const app = connect(db.appUrl, { max: 10, applicationName: "herald-worker" });
  const owner = postgres(db.ownerUrl, {
    max: 2,
    onnotice: () => {},
    connection: { application_name: "herald-worker-admin" },
  });
  const guard = createDestinationGuard({ allowPrivate: allowPrivateFor(config, db.embedded) });
  const sender = createSender({ guard, userAgent: USER_AGENT });
  const deps: TaskDeps = {
    db: app.db,
    keyring: Keyring.from(db.masterKey),
    sender,
    log,
    disableAfterMs: config.disableAfterDays * 86_400_000,
    rateLimiter: new RateLimiter(),
    deliveries: createDeliveryStore(app.db),
    slots: new EndpointSlots(config.maxInFlightPerEndpoint),
  };
  const taskList: TaskList = {
    [JOB_NAMES.fanout]: (payload) => runFanout(deps, payload),
    [JOB_NAMES.deliver]: (payload) => runDeliver(deps, payload),
    [JOB_NAMES.housekeeping]: () =>
      runHousekeeping(owner, { retentionDays: config.retentionDays }, log),
  };

  const events: WorkerEvents = new EventEmitter();
  let heartbeat: Heartbeat | undefined;
  let resolveId: (id: string) => void = () => {};
  const workerId = new Promise<string>((resolve) => {
    resolveId = resolve;
  });
  events.on("pool:create", ({ workerPool }) => {
    heartbeat = startHeartbeat(owner, workerPool.id, log);
    void heartbeat.tick().catch((error) => log.error("worker.heartbeat_failed", { error }));
    resolveId(workerPool.id);
  });
  events.on("job:error", ({ job, error }) => {
    log.error("job.error", {
      task: job.task_identifier,
      jobId: job.id,
      attempts: job.attempts,
      error,
    });
  });

  const runner = await run({
    connectionString: db.ownerUrl,
    concurrency: config.concurrency,
    // A running job holds no connection; these serve job fetches and completions.
    maxPoolSize: Math.min(config.concurrency, 50),
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab: `0 * * * * ${JOB_NAMES.housekeeping} ?max=3&jobKey=housekeeping`,
    events,
    logger: graphileLogger(log),
    preset: {
      worker: {
        // Fetch jobs for the whole pool at once and complete them in batches: two round
        // trips per job become a fraction of one. A crashed pool's batch is recovered by
        // the heartbeat sweep, like its running jobs.
        ...(config.localQueueSize > 1 ? { localQueue: { size: config.localQueueSize } } : {}),
        completeJobBatchDelay: config.batchDelayMs,
        failJobBatchDelay: config.batchDelayMs,
      },
    },
  });
  log.info("worker.started", {
    workerId: await workerId,
    concurrency: config.concurrency,
    localQueue: config.localQueueSize,
  });

  let stopped = false;
  return {
    workerId,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Graceful: graphile finishes in-flight jobs, or releases them on timeout.
      await runner.stop();
      await heartbeat?.stop();
      await sender.close();
      await app.close();
      await owner.end({ timeout: 5 });
      log.info("worker.stopped");
    },
  };
}
