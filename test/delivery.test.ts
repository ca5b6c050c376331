// End-to-end: publish → fan-out → signed delivery to real receivers, verified by the
// libraries receivers actually run.
import { type HeraldFixture, startHerald } from "@herald/api/testing";
import { RunCompletedEvent } from "@herald/schema";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Receiver, startReceiver } from "./src/index.js";

let h: HeraldFixture;
let receiver: Receiver;
let tenant: { id: string; key: string };

beforeAll(async () => {
  h = await startHerald({ worker: true });
  receiver = await startReceiver();
  tenant = await h.createTenant();
  await h.gql(
    `mutation { createEventType(input: {name: "invoice.paid", schema: {type: "object", required: ["amount"], properties: {amount: {type: "integer"}}}}) { __typename } }`,
    {},
    tenant.key,
  );
  await h.gql(
    `mutation { createEventType(input: {name: "invoice.voided"}) { __typename } }`,
    {},
    tenant.key,
  );
});
afterAll(async () => {
  await h?.stop();
  await receiver?.close();
});

async function createEndpoint(path: string, input: Record<string, unknown> = {}) {
  const data = await h.gql(
    `mutation($input: CreateEndpointInput!) { createEndpoint(input: $input) {
      __typename ... on CreateEndpointPayload { endpoint { id } signingSecret }
      ... on ValidationError { message } } }`,
    { input: { url: `${receiver.url}${path}`, ...input } },
    tenant.key,
  );
  expect(data.createEndpoint.__typename).toBe("CreateEndpointPayload");
  return {
    id: data.createEndpoint.endpoint.id as string,
    secret: data.createEndpoint.signingSecret as string,
  };
}

async function publish(type: string, data: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}/v1/events`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${tenant.key}`,
      "content-type": "application/json",
      ...headers,
    },
    body: JSON.stringify({ type, data }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("delivery", () => {
  it("reaches every subscribed endpoint, signed so standardwebhooks and svix both verify", async () => {
    const a = await createEndpoint("/a", { eventTypes: ["invoice.paid"] });
    const b = await createEndpoint("/b", { eventTypes: ["invoice.*"] });
    const c = await createEndpoint("/c", {});
    await createEndpoint("/not-me", { eventTypes: ["invoice.voided"] });
    const published = await publish("invoice.paid", { amount: 42 });
    expect(published.status).toBe(202);
    const msgId = published.body.id;
    expect(msgId).toMatch(/^msg_/);

    for (const [path, ep] of [
      ["/a", a],
      ["/b", b],
      ["/c", c],
    ] as const) {
      const [req] = await receiver.waitFor(1, { path });
      expect(req!.headers["webhook-id"]).toBe(msgId);
      expect(req!.headers["user-agent"]).toMatch(/^Herald-Webhooks\//);
      expect(req!.headers["content-type"]).toBe("application/json");
      const viaStandard = new StandardWebhook(ep.secret).verify(req!.body, req!.headers) as any;
      const viaSvix = new SvixWebhook(ep.secret).verify(req!.body, req!.headers) as any;
      expect(viaStandard).toEqual(viaSvix);
      expect(viaStandard).toMatchObject({ id: msgId, type: "invoice.paid", data: { amount: 42 } });
      expect(Number.isNaN(Date.parse(viaStandard.timestamp))).toBe(false);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received.filter((r) => r.path === "/not-me")).toHaveLength(0);
  });

  it("refuses a payload that does not match the event type's schema, and an unknown type", async () => {
    const bad = await publish("invoice.paid", { amount: "lots" });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("invalid_payload");
    expect(bad.body.errors[0].path).toBe("/data/amount");
    const unknown = await publish("nope.never", {});
    expect(unknown.status).toBe(404);
    const reserved = await publish("run.completed", {});
    expect(reserved.status).toBe(400);
  });

  it("keeps the schema package's run events valid (smoke)", () => {
    expect(RunCompletedEvent.safeParse({}).success).toBe(false);
  });
});
