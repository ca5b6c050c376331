import { expect, it } from "vitest";
import { TenantBatcher } from "./batcher.js";

const tick = () => new Promise((r) => setTimeout(r, 5));

it("sends the first call at once and groups the ones that arrive meanwhile, per tenant", async () => {
  const calls: [string, number[]][] = [];
  const b = new TenantBatcher<number, number>(
    async (tenant, items) => {
      calls.push([tenant, items]);
      await tick();
      return items.map((i) => i * 10);
    },
    { maxInFlight: 1 },
  );
  const results = await Promise.all([
    b.submit("a", 1),
    b.submit("a", 2),
    b.submit("a", 3),
    b.submit("b", 4),
  ]);
  expect(results).toEqual([10, 20, 30, 40]);
  expect(calls).toEqual([
    ["a", [1]],
    ["b", [4]],
    ["a", [2, 3]],
  ]);
});

it("retries a failed batch item by item, so one bad item fails alone", async () => {
  const b = new TenantBatcher<number, number>(
    async (_tenant, items) => {
      await tick();
      if (items.includes(13)) throw new Error("unlucky");
      return items;
    },
    { maxInFlight: 1 },
  );
  const first = b.submit("t", 1);
  const rest = [b.submit("t", 2), b.submit("t", 13), b.submit("t", 4)];
  await expect(first).resolves.toBe(1);
  const settled = await Promise.allSettled(rest);
  expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
});
