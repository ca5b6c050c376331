// A Herald under test, run the way it runs in production: the API and the worker as two
// separate Node processes (`start.ts api` and `start.ts worker`) against the scenario's
// database, so their memory can be read apart and neither shares an event loop with the bench.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { freePort } from "@herald/db";
import type { ClonedDatabase } from "@herald/db/template-server";
import postgres from "postgres";
import { Pool } from "undici";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface HeraldSettings {
  /** HERALD_WORKER_CONCURRENCY. */
  concurrency: number;
  /** Extra environment for both processes. */
  env?: Record<string, string>;
}

export interface HeraldProcesses {
  url: string;
  adminKey: string;
  api: ChildProcess;
  worker: ChildProcess;
  /** Peak resident memory so far (VmHWM), in bytes. */
  peakRss(): Promise<{ api: number; worker: number }>;
  gql<T = Json>(query: string, variables?: Record<string, unknown>, key?: string): Promise<T>;
  /** A publishing client: keep-alive connections to the API. */
  http: Pool;
  stop(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are read field by field
export type Json = any;

/** HERALD_BENCH_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, to profile a run. */
function nodeArgs(): string[] {
  return (process.env.HERALD_BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
}

function startProcess(mode: "api" | "worker", env: Record<string, string>): ChildProcess {
  const child = spawn(
    process.execPath,
    [...nodeArgs(), "--import", "tsx", "apps/api/src/bin/start.ts", mode],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      // HERALD_BENCH_ECHO=1 shows the processes' logs (warnings and errors at the bench's level).
      stdio: ["ignore", process.env.HERALD_BENCH_ECHO === "1" ? "inherit" : "ignore", "pipe"],
    },
  );
  let tail = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-4000);
    if (process.env.HERALD_BENCH_ECHO === "1") process.stderr.write(chunk);
  });
  child.on("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGTERM" && signal !== "SIGKILL" && code !== null) {
      process.stderr.write(`herald ${mode} exited with ${code}:\n${tail}\n`);
    }
  });
  return child;
}

async function vmHwm(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("the Herald API exited during start-up");
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the Herald API at ${url} did not become healthy`);
}

/** The worker is ready once its pool has written a heartbeat. */
async function waitWorker(ownerUrl: string, child: ChildProcess, timeoutMs = 60_000) {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error("the Herald worker exited during start-up");
      const [row] = await sql`select count(*)::int as n from worker_heartbeats`;
      if ((row?.n ?? 0) > 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the Herald worker did not start");
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function stopProcess(child: ChildProcess, timeoutMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

export async function startHerald(
  db: ClonedDatabase,
  masterKey: string,
  settings: HeraldSettings,
): Promise<HeraldProcesses> {
  const port = await freePort();
  const adminKey = `hk_admin_bench_${randomBytes(16).toString("hex")}`;
  const env: Record<string, string> = {
    DATABASE_URL: db.ownerUrl,
    HERALD_MASTER_KEY: masterKey,
    HERALD_ADMIN_KEY: adminKey,
    PORT: String(port),
    HOST: "127.0.0.1",
    HERALD_ALLOW_PRIVATE_DESTINATIONS: "127.0.0.0/8",
    HERALD_WORKER_CONCURRENCY: String(settings.concurrency),
    HERALD_LOG_LEVEL: "warn",
    ...settings.env,
  };
  const url = `http://127.0.0.1:${port}`;
  const api = startProcess("api", env);
  await waitHealthy(url, api);
  // The API has migrated the database by now; the worker only attaches to it.
  const worker = startProcess("worker", env);
  await waitWorker(db.ownerUrl, worker);
  const http = new Pool(url, { connections: 64, pipelining: 1 });

  async function gql<T>(query: string, variables: Record<string, unknown> = {}, key = adminKey) {
    const res = await http.request({
      method: "POST",
      path: "/graphql",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.body.json()) as { data?: T; errors?: unknown };
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }

  return {
    url,
    adminKey,
    api,
    worker,
    http,
    gql,
    async peakRss() {
      return { api: await vmHwm(api.pid), worker: await vmHwm(worker.pid) };
    },
    async stop() {
      await http.close();
      await stopProcess(worker);
      await stopProcess(api);
    },
  };
}
