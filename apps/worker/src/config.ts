// The worker's configuration, read and validated once from the environment. The API's
// config extends this schema, so `npm start` parses one environment for both halves.
import { z } from "zod";

export const csv = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? "")
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  );

export const WorkerEnv = z.object({
  DATABASE_URL: z.url().optional(),
  HERALD_DATA_DIR: z.string().default(".herald"),
  HERALD_MASTER_KEY: z.string().optional(),
  HERALD_ADMIN_KEY: z.string().min(16).optional(),
  /** Unset: loopback under the embedded database (`npm start`), nothing otherwise. */
  HERALD_ALLOW_PRIVATE_DESTINATIONS: z
    .string()
    .optional()
    .transform((s) =>
      s === undefined
        ? undefined
        : s
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean),
    ),
  HERALD_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  /** Jobs a pool locks and holds per fetch; 0 fetches one job per slot (graphile's default). */
  HERALD_WORKER_LOCAL_QUEUE: z.coerce.number().int().min(0).max(10_000).optional(),
  /** Milliseconds to gather job completions into one query; -1 completes each at once. */
  HERALD_WORKER_BATCH_DELAY_MS: z.coerce.number().int().min(-1).max(1000).default(2),
  /** Requests one endpoint may have in flight per worker; default a quarter of the slots. */
  HERALD_MAX_IN_FLIGHT_PER_ENDPOINT: z.coerce.number().int().min(1).max(1000).optional(),
  HERALD_RETENTION_DAYS: z.coerce.number().min(1).max(3650).default(30),
  HERALD_DISABLE_AFTER_DAYS: z.coerce.number().min(0.0001).max(365).default(5),
  HERALD_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export interface WorkerConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  masterKey: string | undefined;
  adminKey: string | undefined;
  allowPrivateDestinations: string[] | undefined;
  concurrency: number;
  localQueueSize: number;
  batchDelayMs: number;
  maxInFlightPerEndpoint: number;
  retentionDays: number;
  disableAfterDays: number;
  logLevel: "debug" | "info" | "warn" | "error";
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data as z.infer<S>;
}

export function toWorkerConfig(c: z.infer<typeof WorkerEnv>): WorkerConfig {
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: c.HERALD_DATA_DIR,
    masterKey: c.HERALD_MASTER_KEY,
    adminKey: c.HERALD_ADMIN_KEY,
    allowPrivateDestinations: c.HERALD_ALLOW_PRIVATE_DESTINATIONS,
    concurrency: c.HERALD_WORKER_CONCURRENCY,
    localQueueSize: c.HERALD_WORKER_LOCAL_QUEUE ?? c.HERALD_WORKER_CONCURRENCY,
    batchDelayMs: c.HERALD_WORKER_BATCH_DELAY_MS,
    maxInFlightPerEndpoint:
      c.HERALD_MAX_IN_FLIGHT_PER_ENDPOINT ??
      Math.max(2, Math.floor(c.HERALD_WORKER_CONCURRENCY / 4)),
    retentionDays: c.HERALD_RETENTION_DAYS,
    disableAfterDays: c.HERALD_DISABLE_AFTER_DAYS,
    logLevel: c.HERALD_LOG_LEVEL,
  };
}

export function loadWorkerConfig(env: Record<string, string | undefined> = process.env) {
  return toWorkerConfig(parseEnv(WorkerEnv, env));
}
