// An endpoint's rate limit spaces its deliveries out; none is dropped.
import { type HeraldFixture, startHerald } from "@herald/api/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Receiver, startReceiver, TenantClient } from "./src/index.js";

let h: HeraldFixture;
let receiver: Receiver;

beforeAll(async () => {
  h = await startHerald({ worker: true });
  receiver = await startReceiver();
});
afterAll(async () => {
  await h?.stop();
  await receiver?.close();
});

it("delivers everything, at most `rateLimit` per second after a one-second burst", async () => {
  const t = await TenantClient.create(h);
  await t.createEventType("tick.tock");
  await t.createEndpoint({ url: `${receiver.url}/limited`, rateLimit: 2 });
  for (let i = 0; i < 6; i++) await t.publishOk("tick.tock", { i });
  const got = await receiver.waitFor(6, { path: "/limited", timeoutMs: 30_000 });
  const times = got.map((r) => r.at).sort((a, b) => a - b);
  // Two at once, then one per 500 ms: the sixth cannot come sooner than ~2 s after the first.
  expect(times[5]! - times[0]!).toBeGreaterThanOrEqual(1_500);
  expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(6);
});
