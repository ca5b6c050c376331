// The bench in miniature, so the harness cannot rot: a few hundred events through the same
// scenarios and processes `npm run bench` uses. It asserts only that everything arrived;
// speed is for `npm run bench`, never for a test.

import { startTemplateServer, type TemplateServer } from "@herald/db/template-server";
import { testServer } from "@herald/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BenchContext, DEFAULTS } from "./scenario.js";
import { fanout } from "./scenarios/fanout.js";
import { latency } from "./scenarios/latency.js";
import { throughput } from "./scenarios/throughput.js";

let server: TemplateServer;
let ctx: BenchContext;

beforeAll(async () => {
  server = await startTemplateServer({ existing: testServer() });
  ctx = {
    server,
    options: {
      ...DEFAULTS,
      concurrency: 8,
      events: 300,
      rate: 50,
      durationSeconds: 3,
      fanoutEndpoints: 30,
    },
  };
});

afterAll(async () => {
  await server?.close();
});

it("delivers every event of a small throughput run", async () => {
  const result = await throughput.run(ctx);
  expect(result.figures).toMatchObject({ events: 300, delivered: 300, missing: 0 });
  expect(result.complete).toBe(true);
});

it("delivers every event of a small fixed-rate run", async () => {
  const result = await latency.run(ctx);
  expect(result.figures).toMatchObject({ events: 150, delivered: 150, missing: 0 });
});

it("fans one event out to every endpoint", async () => {
  const result = await fanout.run(ctx);
  expect(result.complete).toBe(true);
  expect(result.figures.roundsMs).toHaveLength(3);
});
