import { expect, it } from "vitest";
import { EndpointSlots } from "./endpoint-slots.js";

it("grants up to the cap at once, then hands freed slots to waiters in order", async () => {
  const slots = new EndpointSlots(2);
  // The endpoint has just answered a request: busy, worth waiting for.
  slots.acquire("ep", 0);
  slots.release("ep", true);
  expect(slots.acquire("ep", 1000)).toBe(true);
  expect(slots.acquire("ep", 1000)).toBe(true);
  const order: number[] = [];
  const third = Promise.resolve(slots.acquire("ep", 1000)).then((ok) => order.push(3) && ok);
  const fourth = Promise.resolve(slots.acquire("ep", 1000)).then((ok) => order.push(4) && ok);
  expect(slots.acquire("other", 1000)).toBe(true);
  slots.release("ep");
  slots.release("ep");
  expect(await third).toBe(true);
  expect(await fourth).toBe(true);
  expect(order).toEqual([3, 4]);
  expect(slots.inFlight("ep")).toBe(2);
});

it("gives up after the wait when the endpoint's requests do not finish", async () => {
  const slots = new EndpointSlots(1);
  slots.acquire("slow", 0);
  slots.release("slow", true);
  expect(slots.acquire("slow", 10)).toBe(true);
  expect(await slots.acquire("slow", 10)).toBe(false);
  // In flight, and no answer, for over a second: wait about a timeout.
  const now = Date.now() + 2000;
  expect(slots.later("slow", 10_000, now).getTime() - now).toBeGreaterThanOrEqual(5000);
  slots.release("slow", false);
  expect(slots.inFlight("slow")).toBe(0);
});

it("does not wait at all for an endpoint stuck for over a second", async () => {
  const slots = new EndpointSlots(1);
  expect(slots.acquire("stuck", 1000)).toBe(true);
  // Only just sent to: busy, so a put-back comes back shortly.
  const now = Date.now();
  expect(slots.later("stuck", 10_000, now).getTime() - now).toBeLessThanOrEqual(300);
  await new Promise((r) => setTimeout(r, 1100));
  expect(slots.acquire("stuck", 1000)).toBe(false);
});

it("spaces put-backs at the endpoint's pace: its slots per timeout", () => {
  const slots = new EndpointSlots(4);
  slots.acquire("slow", 0);
  const now = Date.now() + 10_000;
  const due = Array.from({ length: 20 }, () => slots.later("slow", 8000, now).getTime());
  for (let i = 1; i < due.length; i++) expect(due[i]! - due[i - 1]!).toBeGreaterThanOrEqual(2000);
  expect(due[0]! - now).toBeGreaterThanOrEqual(4000);
  expect(slots.later("other", 8000, now).getTime() - now).toBeLessThanOrEqual(8000);
});

it("brings a put-back to a busy but answering endpoint back within a moment", () => {
  const slots = new EndpointSlots(1);
  slots.acquire("busy", 0);
  slots.release("busy");
  const now = Date.now();
  expect(slots.later("busy", 15_000, now).getTime() - now).toBeLessThanOrEqual(300);
});
