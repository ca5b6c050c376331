// The API's configuration, read and validated once from the environment (the worker's
// variables included, so `npm start` parses one environment for both halves). Nothing else
// in the app reads process.env.
import { csv, parseEnv, toWorkerConfig, type WorkerConfig, WorkerEnv } from "@herald/worker";
import { z } from "zod";

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "true" || v === "1"));

export const ApiEnv = WorkerEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("0.0.0.0"),
  HERALD_PUBLIC_URL: z.url().optional(),
  HERALD_TRUSTED_PROXIES: csv,
  HERALD_GRAPHIQL: bool(true),
  HERALD_INTROSPECTION: bool(true),
  HERALD_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
});

export interface ApiConfig {
  port: number;
  host: string;
  publicUrl: string | undefined;
  trustedProxies: string[];
  graphiql: boolean;
  introspection: boolean;
  maxPayloadBytes: number;
  worker: WorkerConfig;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const c = parseEnv(ApiEnv, env);
  return {
    port: c.PORT,
    host: c.HOST,
    publicUrl: c.HERALD_PUBLIC_URL,
    trustedProxies: c.HERALD_TRUSTED_PROXIES,
    graphiql: c.HERALD_GRAPHIQL,
    introspection: c.HERALD_INTROSPECTION,
    maxPayloadBytes: c.HERALD_MAX_PAYLOAD_BYTES,
    worker: toWorkerConfig(c),
  };
}
