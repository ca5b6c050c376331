// Messages that are not run events route in SQL (`herald_endpoint_wants`, inside
// `herald_route_message`); run events, and the API's endpoint filters, route in TypeScript
// (match.ts). Both must agree on every rule, case by case.
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpointWants } from "./match.js";

let tdb: TestDatabase;
let sql: postgres.Sql;

beforeAll(async () => {
  tdb = await createTestDatabase();
  sql = postgres(tdb.ownerUrl, { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  await sql?.end();
  await tdb?.drop();
});

type Endpoint = { eventTypes: string[]; channels: string[]; agentId: string | null };
type Message = {
  eventType: string;
  channels: string[];
  runId: string | null;
  agentId: string | null;
};

const msg = (eventType: string, extra: Partial<Message> = {}): Message => ({
  eventType,
  channels: [],
  runId: null,
  agentId: null,
  ...extra,
});
const ep = (eventTypes: string[], extra: Partial<Endpoint> = {}): Endpoint => ({
  eventTypes,
  channels: [],
  agentId: null,
  ...extra,
});

const cases: [string, Endpoint, Message][] = [
  ["empty subscription, custom event", ep([]), msg("invoice.paid")],
  ["empty subscription, operational event", ep([]), msg("endpoint.disabled")],
  ["empty subscription, exhausted event", ep([]), msg("message.attempt.exhausted")],
  ["exact name", ep(["invoice.paid"]), msg("invoice.paid")],
  ["other name", ep(["invoice.paid"]), msg("invoice.voided")],
  ["wildcard", ep(["run.*"]), msg("run.completed")],
  ["wildcard, other prefix", ep(["run.*"]), msg("runner.completed")],
  ["wildcard is not a substring match", ep(["in_oice.*"]), msg("invoice.paid")],
  ["star, custom event", ep(["*"]), msg("invoice.paid")],
  ["star, operational event", ep(["*"]), msg("endpoint.disabled")],
  ["operational by name", ep(["endpoint.disabled"]), msg("endpoint.disabled")],
  ["operational by pattern", ep(["message.*"]), msg("message.attempt.exhausted")],
  ["channel match", ep([], { channels: ["eu"] }), msg("a.b", { channels: ["eu", "us"] })],
  ["channel miss", ep([], { channels: ["eu"] }), msg("a.b", { channels: ["us"] })],
  ["channel on endpoint, none on message", ep([], { channels: ["eu"] }), msg("a.b")],
  ["no channel on endpoint", ep([]), msg("a.b", { channels: ["eu"] })],
  [
    "agent endpoint, own run",
    ep(["run.*"], { agentId: "agt_1" }),
    msg("run.completed", { runId: "run_1", agentId: "agt_1" }),
  ],
  [
    "agent endpoint, other agent's run",
    ep(["run.*"], { agentId: "agt_1" }),
    msg("run.completed", { runId: "run_1", agentId: "agt_2" }),
  ],
  [
    "agent endpoint, run without agent",
    ep(["run.*"], { agentId: "agt_1" }),
    msg("run.completed", { runId: "run_1" }),
  ],
  ["agent endpoint, not a run event", ep([], { agentId: "agt_1" }), msg("invoice.paid")],
  [
    "tenant endpoint, any run",
    ep(["run.*"]),
    msg("run.created", { runId: "run_1", agentId: "agt_2" }),
  ],
];

describe("herald_endpoint_wants agrees with endpointWants", () => {
  it.each(cases)("%s", async (_name, endpoint, message) => {
    const [row] = await sql`select herald_endpoint_wants(
      ${endpoint.eventTypes}::text[], ${endpoint.channels}::text[], ${endpoint.agentId},
      ${message.eventType}, ${message.channels}::text[], ${message.runId}, ${message.agentId}) as wants`;
    expect(row?.wants).toBe(endpointWants(endpoint, message));
  });
});

it("herald_new_id makes ids shaped and ordered like newId", async () => {
  const rows = await sql`select herald_new_id('del') as id from generate_series(1, 50)`;
  const ids = rows.map((r) => r.id as string);
  for (const id of ids) expect(id).toMatch(/^del_[0-9A-HJKMNP-TV-Z]{26}$/);
  expect(new Set(ids).size).toBe(50);
  const { newId } = await import("@herald/db");
  const before = newId("delivery");
  const [later] = await sql`select herald_new_id('del') as id`;
  expect((later?.id as string) > before.slice(0, 14)).toBe(true);
});
