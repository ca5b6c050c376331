// End-to-end crash recovery: a worker process is SIGKILLed while its delivery request is in
// flight; another worker notices the missing heartbeat, frees the job and delivers the
// message, with the same webhook-id.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type HeraldFixture, startHerald } from "@herald/api/testing";
import { createLogger, loadWorkerConfig, startWorker, type WorkerHandle } from "@herald/worker";
import postgres from "postgres";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Received,
  type Receiver,
  startReceiver,
  TenantClient,
  waitUntil,
} from "./src/index.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

let h: HeraldFixture;
let receiver: Receiver;
let t: TenantClient;
let owner: postgres.Sql;
const children: ChildProcess[] = [];
let second: WorkerHandle | undefined;
const secondLogs: string[] = [];

/** Is any process of the child's process group still alive? */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess) {
  if (child.pid !== undefined && groupAlive(child.pid)) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }
}

/**
 * `tsx apps/api/src/bin/start.ts worker` in its own process group: tsx runs the script in
 * a child node process, so the whole group is what must die.
 */
function spawnWorker(): { child: ChildProcess; output: string[] } {
  const output: string[] = [];
  const child = spawn(
    path.join(ROOT, "node_modules/.bin/tsx"),
    ["apps/api/src/bin/start.ts", "worker"],
    {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATABASE_URL: h.tdb.ownerUrl,
        HERALD_MASTER_KEY: h.tdb.masterKey,
        HERALD_ALLOW_PRIVATE_DESTINATIONS: "127.0.0.0/8",
        HERALD_WORKER_CONCURRENCY: "4",
        HERALD_LOG_LEVEL: "debug",
      },
    },
  );
  children.push(child);
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => output.push(...chunk.split("\n").filter(Boolean)));
  }
  return { child, output };
}

beforeAll(async () => {
  h = await startHerald({ worker: false });
  owner = postgres(h.tdb.ownerUrl, { max: 2, onnotice: () => {} });
  // The first request hangs until its worker dies; later ones succeed.
  receiver = await startReceiver((_req, index) =>
    index === 0 ? "hang" : { status: 200, body: "delivered" },
  );
  t = await TenantClient.create(h);
  await t.createEventType("crash.test");
});
afterAll(async () => {
  for (const child of children) killGroup(child);
  await second?.stop();
  await owner?.end({ timeout: 5 });
  await h?.stop();
  await receiver?.close();
});

describe("crash recovery", () => {
  it("delivers a message whose worker was SIGKILLed mid-request, with the same webhook-id", async () => {
    const ep = await t.createEndpoint({
      url: `${receiver.url}/hook`,
      eventTypes: ["crash.test"],
      timeoutSeconds: 5,
      // A surviving worker would time out and wait an hour to retry: only recovery of the
      // killed worker's job can deliver within the test.
      retrySchedule: "1h",
    });
    const { child, output } = spawnWorker();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    const msgId = await t.publishOk("crash.test", { important: true });

    let first: Received | undefined;
    try {
      [first] = await receiver.waitFor(1, { timeoutMs: 60_000 });
    } catch (error) {
      throw new Error(`the worker never delivered: ${error}\n${output.join("\n")}`);
    }
    expect(first!.headers["webhook-id"]).toBe(msgId);
    const started = output
      .map((line) => {
        try {
          return JSON.parse(line);
        } catch {
          return undefined;
        }
      })
      .find((e) => e?.event === "worker.started");
    const deadPool: string = started?.workerId;
    expect(deadPool).toMatch(/^pool-/);

    // Its job is locked by the pool about to die.
    const [locked] = await owner<{ locked_by: string | null }[]>`
      select locked_by from graphile_worker._private_jobs where payload->>'deliveryId' is not null`;
    expect(locked?.locked_by).toBe(deadPool);

    killGroup(child);
    expect((await exited).signal).toBe("SIGKILL");
    await waitUntil(async () => !groupAlive(child.pid!), 10_000, "the worker's processes to die");

    // A second worker, in this process.
    second = await startWorker(
      loadWorkerConfig({ HERALD_ALLOW_PRIVATE_DESTINATIONS: "127.0.0.0/8" }),
      { ...h.tdb, embedded: false },
      createLogger({ level: "debug", write: (line) => secondLogs.push(line) }),
    );

    const all = await receiver.waitFor(2, { timeoutMs: 60_000 });
    const retried = all[1]!;
    expect(retried.headers["webhook-id"]).toBe(msgId);
    expect(new StandardWebhook(ep.secret).verify(retried.body, retried.headers)).toMatchObject({
      id: msgId,
      type: "crash.test",
      data: { important: true },
    });

    const message = await t.waitForSettled(msgId);
    const [delivery] = message.deliveries;
    expect(delivery!.status).toBe("SUCCEEDED");
    expect(delivery!.attempts.at(-1)!.statusCode).toBe(200);
    expect(receiver.received).toHaveLength(2);

    // It was the heartbeat sweep that freed the dead pool's job.
    const unlocked = secondLogs
      .map((line) => JSON.parse(line))
      .find((e) => e.event === "worker.unlocked_dead_workers");
    expect(unlocked?.workerIds).toContain(deadPool);
  }, 150_000);
});
