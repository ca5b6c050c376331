// What every scenario gets and gives back, and the wrapper that gives each its own Herald
// on a fresh database.
import type { TemplateServer } from "@herald/db/template-server";
import { type HeraldProcesses, startHerald } from "./herald.js";
import { mb } from "./stats.js";

export interface BenchOptions {
  /** HERALD_WORKER_CONCURRENCY for Herald, and the raw loop's concurrency. */
  concurrency: number;
  /** Throughput: events published. */
  events: number;
  /** Latency: events per second, and for how long. */
  rate: number;
  durationSeconds: number;
  /** Fan-out: endpoints (in groups of 10 paths per receiver). */
  fanoutEndpoints: number;
  /** Noisy neighbours: events per second to each of the healthy + hanging endpoints. */
  noisyRate: number;
  noisySeconds: number;
  /** Resources: events published. */
  resourceEvents: number;
  /** Raw limit: seconds of the undici loop. */
  rawSeconds: number;
  /** Extra environment for the Herald processes. */
  env: Record<string, string>;
}

export const DEFAULTS: BenchOptions = {
  concurrency: 32,
  events: 20_000,
  rate: 200,
  durationSeconds: 30,
  fanoutEndpoints: 1000,
  noisyRate: 25,
  noisySeconds: 20,
  resourceEvents: 5_000,
  rawSeconds: 10,
  env: {},
};

export interface BenchContext {
  server: TemplateServer;
  options: BenchOptions;
  /** The raw limit, when it ran earlier in this bench (for ratios). */
  rawPerSecond?: number;
}

export type Figures = Record<string, number | string | boolean | null | object>;

export interface ScenarioResult {
  /** One line for the summary table. */
  headline: string;
  figures: Figures;
  /** Every event published was received (the smoke test's only assertion). */
  complete: boolean;
}

export interface Scenario {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

/** Runs `fn` against a Herald of its own, on a fresh database; adds peak RSS to its figures. */
export async function withHerald(
  ctx: BenchContext,
  fn: (herald: HeraldProcesses) => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
  const db = await ctx.server.createDatabase("herald_bench");
  let herald: HeraldProcesses | undefined;
  try {
    herald = await startHerald(db, ctx.server.masterKey, {
      concurrency: ctx.options.concurrency,
      env: ctx.options.env,
    });
    const result = await fn(herald);
    const rss = await herald.peakRss();
    result.figures.peakRssMb = { api: mb(rss.api), worker: mb(rss.worker) };
    return result;
  } finally {
    await herald?.stop();
    await db.drop();
  }
}

/** Waits until `done()` or the deadline; never throws, the caller reports what is missing. */
export async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}
