// A receiver that hangs may hold only its share of a worker's slots: its further deliveries
// are put back for later (not failed, not counted as attempts), and other endpoints' events
// keep flowing meanwhile.
import { type HeraldFixture, startHerald } from "@herald/api/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Receiver, startReceiver, TenantClient, waitUntil } from "./src/index.js";

let h: HeraldFixture;
let hanging: Receiver;
let healthy: Receiver;
let open = 0;
let maxOpen = 0;

beforeAll(async () => {
  h = await startHerald({
    worker: true,
    env: { HERALD_WORKER_CONCURRENCY: "4", HERALD_MAX_IN_FLIGHT_PER_ENDPOINT: "1" },
  });
  // Takes most of a second over each request.
  hanging = await startReceiver(async () => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    await new Promise((r) => setTimeout(r, 800));
    open--;
    return { status: 200 };
  });
  healthy = await startReceiver();
});
afterAll(async () => {
  await h?.stop();
  await hanging?.close();
  await healthy?.close();
});

it("caps a slow endpoint's requests in flight and keeps delivering to the others", async () => {
  const t = await TenantClient.create(h);
  await t.createEventType("job.done");
  const slow = await t.createEndpoint({
    url: `${hanging.url}/slow`,
    channels: ["slow"],
    // Put-backs to an endpoint that has not answered lately wait about one timeout.
    timeoutSeconds: 2,
  });
  await t.createEndpoint({ url: `${healthy.url}/fast`, channels: ["fast"] });

  for (let i = 0; i < 6; i++) {
    const res = await t.rest("/v1/events", { type: "job.done", data: { i }, channels: ["slow"] });
    expect(res.status).toBe(202);
  }
  const fast: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await t.rest("/v1/events", { type: "job.done", data: { i }, channels: ["fast"] });
    fast.push(res.body.id);
  }
  const got = await healthy.waitFor(3, { path: "/fast", timeoutMs: 20_000 });
  expect(got.map((r) => r.headers["webhook-id"]).sort()).toEqual(fast.sort());
  // Every slow event gets through, but never two at once from this worker.
  await waitUntil(
    async () =>
      new Set(hanging.received.map((r) => r.headers["webhook-id"])).size === 6 || undefined,
    60_000,
    "every slow event to be tried",
  );
  expect(maxOpen).toBe(1);
  const stats = await t.gql(`query($id: ID!) { endpoint(id: $id) { status } }`, { id: slow.id });
  expect(stats.endpoint.status).toBe("ENABLED");
  const metrics = await fetch(`${h.url}/metrics`).then((r) => r.text());
  expect(metrics).toMatch(/herald_deliveries_deferred_total \d+/);
}, 90_000);
