// End-to-end idempotency and transactional publishing: concurrent publishes with one
// Idempotency-Key make one message and one set of delivery jobs; a rolled-back transaction leaves
// neither a message nor a job. The API runs without a worker so jobs stay visible; a worker
// starts at the end to show each message is delivered once.
import { type HeraldFixture, startHerald } from "@herald/api/testing";
import { connect, type DatabaseHandle, withTenant } from "@herald/db";
import {
  createLogger,
  loadWorkerConfig,
  publishMessage,
  startWorker,
  type WorkerHandle,
} from "@herald/worker";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Receiver, sleep, startReceiver, TenantClient } from "./src/index.js";

let h: HeraldFixture;
let receiver: Receiver;
let t: TenantClient;
let other: TenantClient;
let owner: postgres.Sql;
let app: DatabaseHandle;
let worker: WorkerHandle | undefined;
const published: string[] = [];

beforeAll(async () => {
  h = await startHerald({ worker: false });
  receiver = await startReceiver();
  t = await TenantClient.create(h, "first");
  other = await TenantClient.create(h, "second");
  for (const c of [t, other]) {
    await c.createEventType("order.placed");
    await c.createEndpoint({ url: `${receiver.url}/${c.tenantId}`, eventTypes: ["order.placed"] });
  }
  owner = postgres(h.tdb.ownerUrl, { max: 2, onnotice: () => {} });
  app = connect(h.tdb.appUrl, { max: 2 });
});
afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await owner?.end({ timeout: 5 });
  await h?.stop();
  await receiver?.close();
});

async function messagesWithKey(tenantId: string, key: string) {
  return owner<{ id: string }[]>`
    select id from messages where tenant_id = ${tenantId} and idempotency_key = ${key}`;
}

async function fanoutJobsFor(messageId: string) {
  const [row] = await owner<{ n: number }[]>`
    select count(*)::int as n from graphile_worker._private_jobs j
    join graphile_worker._private_tasks k on k.id = j.task_id
    where k.identifier = 'fanout' and j.payload->>'messageId' = ${messageId}`;
  return row!.n;
}

/** Jobs that would deliver a message: its fan-out job, or the jobs of its delivery rows. */
async function jobsFor(messageId: string) {
  const [row] = await owner<{ n: number }[]>`
    select count(*)::int as n from graphile_worker._private_jobs j
    join graphile_worker._private_tasks k on k.id = j.task_id
    where (k.identifier = 'fanout' and j.payload->>'messageId' = ${messageId})
       or (k.identifier = 'deliver' and j.payload->>'deliveryId' in
            (select id from deliveries where message_id = ${messageId}))`;
  return row!.n;
}

async function counts() {
  const [row] = await owner<{ jobs: number; messages: number }[]>`
    select (select count(*)::int from graphile_worker._private_jobs) as jobs,
           (select count(*)::int from messages) as messages`;
  return row!;
}

describe("idempotency", () => {
  it("makes one message and one delivery job from concurrent publishes with one key", async () => {
    const key = `order-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.publish("order.placed", { attempt: i }, { "idempotency-key": key }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(202));
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    expect(id).toMatch(/^msg_/);
    // Exactly one request created it; the others were told they replayed it.
    const replayed = responses.filter((r) => r.headers.get("idempotent-replayed") === "true");
    expect(replayed).toHaveLength(7);
    for (const r of responses) expect(r.body.idempotencyKey).toBe(key);

    expect(await messagesWithKey(t.tenantId, key)).toEqual([{ id }]);
    // REST fans out inline: one delivery row (one endpoint) and its one job.
    expect(await jobsFor(id)).toBe(1);
    published.push(id);

    // GraphQL with the same key returns the same message, not created.
    const data = await t.gql(
      `mutation($input: PublishEventInput!) { publishEvent(input: $input) {
        __typename ... on PublishEventPayload { created message { id idempotencyKey } } } }`,
      { input: { type: "order.placed", data: { via: "graphql" }, idempotencyKey: key } },
    );
    expect(data.publishEvent).toEqual({
      __typename: "PublishEventPayload",
      created: false,
      message: { id, idempotencyKey: key },
    });
    expect(await messagesWithKey(t.tenantId, key)).toHaveLength(1);
    expect(await jobsFor(id)).toBe(1);

    // The first payload won; later ones did not overwrite it.
    const msg = await t.gql(`query($id: ID!) { message(id: $id) { payload } }`, { id });
    expect(Object.keys(msg.message.payload)).toEqual(["attempt"]);
  });

  it("scopes keys to the tenant, and a new key makes a new message", async () => {
    const key = `shared-${Date.now()}`;
    const a = await t.publish("order.placed", {}, { "idempotency-key": key });
    const b = await other.publish("order.placed", {}, { "idempotency-key": key });
    const c = await t.publish("order.placed", {}, { "idempotency-key": `${key}-2` });
    expect([a.status, b.status, c.status]).toEqual([202, 202, 202]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(3);
    for (const r of [a, b, c]) expect(r.headers.get("idempotent-replayed")).toBeNull();
    published.push(a.body.id, c.body.id);
  });
});

describe("publishing inside the caller's transaction", () => {
  it("leaves no message and no job when the transaction rolls back after add_job", async () => {
    const before = await counts();
    let inside: string | undefined;
    await expect(
      withTenant(app.db, t.tenantId, async (tx) => {
        const { message, created } = await publishMessage(tx, {
          tenantId: t.tenantId,
          type: "order.placed",
          data: { doomed: true },
          idempotencyKey: "doomed",
        });
        expect(created).toBe(true);
        inside = message.id;
        throw new Error("the caller changed its mind");
      }),
    ).rejects.toThrow("the caller changed its mind");
    expect(inside).toMatch(/^msg_/);
    expect(await counts()).toEqual(before);
    expect(await fanoutJobsFor(inside!)).toBe(0);
    // The key was not taken either.
    expect(await messagesWithKey(t.tenantId, "doomed")).toHaveLength(0);

    // The same call committed does leave both (so the counts above can see a leak).
    const kept = await withTenant(app.db, t.tenantId, (tx) =>
      publishMessage(tx, { tenantId: t.tenantId, type: "order.placed", data: { kept: true } }),
    );
    expect(await counts()).toEqual({ jobs: before.jobs + 1, messages: before.messages + 1 });
    expect(await fanoutJobsFor(kept.message.id)).toBe(1);
    published.push(kept.message.id);
  });
});

describe("delivery once", () => {
  it("delivers each published message exactly once when a worker runs", async () => {
    worker = await startWorker(
      loadWorkerConfig({ HERALD_ALLOW_PRIVATE_DESTINATIONS: "127.0.0.0/8" }),
      { ...h.tdb, embedded: false },
      createLogger({ level: "warn", write: () => {} }),
    );
    const mine = `/${t.tenantId}`;
    await receiver.waitFor(published.length, { path: mine });
    for (const id of published) await t.waitForSettled(id);
    await sleep(1000);
    const ids = receiver.received
      .filter((r) => r.path === mine)
      .map((r) => r.headers["webhook-id"]);
    expect(ids.sort()).toEqual([...published].sort());
  });
});
