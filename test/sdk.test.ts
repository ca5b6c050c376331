// End-to-end with @herald/sdk: the typed client drives runs, the example receiver verifies
// with Webhook.verify, and the example agent handles its trigger.
import { type HeraldFixture, startHerald } from "@herald/api/testing";
import {
  createHerald,
  fireTrigger,
  HeraldApiError,
  type HeraldEvent,
  sign,
  Webhook,
} from "@herald/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgent } from "../examples/agent.js";
import { startReceiver } from "../examples/receiver.js";
import { waitUntil } from "./src/index.js";

let h: HeraldFixture;
let tenant: { id: string; key: string };
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  h = await startHerald({ worker: true });
  tenant = await h.createTenant();
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await h?.stop();
});

describe("@herald/sdk against a real Herald", () => {
  it("creates and completes a run; the example receiver gets a typed run.completed", async () => {
    const herald = createHerald({ baseUrl: h.url, apiKey: tenant.key });
    const events: HeraldEvent[] = [];
    let secret = "";
    const server = await startReceiver(
      () => secret,
      (event) => events.push(event),
    );
    closers.push(() => new Promise((r) => server.close(r)));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`;
    const created = await herald.endpoints.create({ url, eventTypes: ["run.completed"] });
    if (created.createEndpoint.__typename !== "CreateEndpointPayload")
      throw new Error("endpoint not created");
    secret = created.createEndpoint.signingSecret;

    const run = await herald.runs.create({ input: { question: "why?" } });
    expect(run.status).toBe("queued");
    await herald.runs.start(run.id);
    const done = await herald.runs.complete(run.id, {
      status: "succeeded",
      output: { answer: 42 },
    });
    expect(done.status).toBe("succeeded");
    const event = await waitUntil(async () => events.find((e) => e.type === "run.completed"));
    if (event.type !== "run.completed") throw new Error("narrowing");
    expect(event.data.run).toMatchObject({
      id: run.id,
      status: "succeeded",
      output: { answer: 42 },
    });

    await expect(herald.runs.complete(run.id, { status: "failed" })).rejects.toMatchObject({
      status: 409,
      problem: { code: "conflict" },
    });
    await expect(herald.runs.get("run_nope")).rejects.toBeInstanceOf(HeraldApiError);
    const list = await herald.runs.list({ status: "succeeded" });
    expect(list.data.map((r) => r.id)).toContain(run.id);
    const published = await herald.eventTypes.create({ name: "sdk.ping" });
    expect(published.createEventType.__typename).toBe("CreateEventTypePayload");
    const message = await herald.events.publish(
      { type: "sdk.ping", data: { n: 1 } },
      { idempotencyKey: "sdk-1" },
    );
    const again = await herald.events.publish(
      { type: "sdk.ping", data: { n: 1 } },
      { idempotencyKey: "sdk-1" },
    );
    expect(again.id).toBe(message.id);
  });

  it("rejects what a receiver must reject", async () => {
    const { runWebhookSecret } = (
      await h.gql(`{ viewer { tenant { runWebhookSecret } } }`, {}, tenant.key)
    ).viewer.tenant;
    const herald = createHerald({ baseUrl: h.url, apiKey: tenant.key });
    const run = await herald.runs.create({ input: {} });
    const body = JSON.stringify({
      id: "msg_x",
      type: "run.created",
      timestamp: run.createdAt,
      data: { run },
    });
    const headers = (at: Date, secret = runWebhookSecret) => {
      const ts = Math.floor(at.getTime() / 1000);
      return {
        "webhook-id": "msg_x",
        "webhook-timestamp": String(ts),
        "webhook-signature": sign(secret, "msg_x", ts, body),
      };
    };
    const wh = new Webhook(runWebhookSecret);
    expect(wh.verify(body, headers(new Date())).type).toBe("run.created");
    expect(() => wh.verify(body.replace("queued", "running"), headers(new Date()))).toThrow(
      /signature/,
    );
    expect(() =>
      wh.verify(body, headers(new Date(), `whsec_${Buffer.alloc(32, 1).toString("base64")}`)),
    ).toThrow(/signature/);
    expect(() => wh.verify(body, headers(new Date(Date.now() - 10 * 60_000)))).toThrow(/too old/);
  });

  it("the example agent registers itself and completes the runs its trigger starts", async () => {
    const { createAgent } = await h.gql(
      `mutation { createAgent(input: {name: "example"}) { ... on CreateAgentPayload { agent { id } } } }`,
      {},
      tenant.key,
    );
    const agentId = createAgent.agent.id;
    const { createApiKey } = await h.gql(
      `mutation($a: String!) { createApiKey(input: {name: "example", scope: AGENT, agentId: $a}) { ... on CreateApiKeyPayload { key } } }`,
      { a: agentId },
      tenant.key,
    );
    const agent = await startAgent(h.url, createApiKey.key, (input) => ({ echoed: input }));
    closers.push(() => agent.stop());
    const { createTrigger } = await h.gql(
      `mutation($a: ID!) { createTrigger(input: {agentId: $a}) { ... on CreateTriggerPayload { url secret } } }`,
      { a: agentId },
      tenant.key,
    );
    const { runId } = await fireTrigger(createTrigger.url, createTrigger.secret, { ticket: 99 });
    await waitUntil(
      async () => agent.completed.includes(runId),
      20_000,
      "the agent to finish the run",
    );
    const run = await createHerald({ baseUrl: h.url, apiKey: tenant.key }).runs.get(runId);
    expect(run).toMatchObject({ status: "succeeded", output: { echoed: { ticket: 99 } }, agentId });
    expect(await agent.stop().then(() => true)).toBe(true);
    const endpoints = await h.gql(`{ endpoints { nodes { url } } }`, {}, tenant.key);
    expect(endpoints.endpoints.nodes.map((e: { url: string }) => e.url)).not.toContain(agent.url);
  });
});
