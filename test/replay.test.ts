// End-to-end replay, recovery and test sends: replayMessage resends with the same
// webhook-id, recoverEndpoint resends an endpoint's failed deliveries since a time, and
// sendTestEvent / POST /v1/webhooks/test report what the receiver answered.
import { type HeraldFixture, startHerald } from "@herald/api/testing";
import { WebhookTestEvent } from "@herald/schema";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byPath, type Receiver, sleep, startReceiver, TenantClient } from "./src/index.js";

let h: HeraldFixture;
let receiver: Receiver;
let t: TenantClient;
let recoverDown = false;

const sent = (path: string) => receiver.received.filter((r) => r.path === path);

beforeAll(async () => {
  h = await startHerald({ worker: true });
  receiver = await startReceiver(
    byPath({
      "/replay": () => ({ status: 200, body: "ok" }),
      "/recover": () =>
        recoverDown ? { status: 503, body: "down" } : { status: 200, body: "back up" },
      "/test-ok": (req) => ({ status: 202, body: `accepted ${JSON.parse(req.body).type}` }),
      "/test-bad": () => ({ status: 500, body: "test handler crashed" }),
      "/rest-url": () => ({ status: 200, body: "hello from the url receiver" }),
    }),
  );
  t = await TenantClient.create(h);
  for (const type of ["replay.me", "recover.me"]) await t.createEventType(type);
});
afterAll(async () => {
  await h?.stop();
  await receiver?.close();
});

async function replay(messageId: string, endpointId?: string): Promise<number> {
  const data = await t.gql(
    `mutation($input: ReplayMessageInput!) { replayMessage(input: $input) {
      __typename ... on ReplayMessagePayload { deliveriesQueued } ... on NotFoundError { message } } }`,
    { input: { messageId, ...(endpointId ? { endpointId } : {}) } },
  );
  expect(data.replayMessage.__typename).toBe("ReplayMessagePayload");
  return data.replayMessage.deliveriesQueued;
}

describe("replayMessage", () => {
  it("resends a delivered message with the same webhook-id", async () => {
    const ep = await t.createEndpoint({ url: `${receiver.url}/replay`, eventTypes: ["replay.me"] });
    const msgId = await t.publishOk("replay.me", { v: 1 });
    await receiver.waitFor(1, { path: "/replay" });
    await t.waitForSettled(msgId);

    expect(await replay(msgId)).toBe(1);
    const [first, second] = await receiver.waitFor(2, { path: "/replay" });
    expect(second!.headers["webhook-id"]).toBe(msgId);
    // The same message, signed anew: the body is identical and verifies.
    expect(second!.body).toBe(first!.body);
    expect(new StandardWebhook(ep.secret).verify(second!.body, second!.headers)).toMatchObject({
      id: msgId,
      data: { v: 1 },
    });

    const message = await t.waitForSettled(msgId);
    expect(message.deliveries).toHaveLength(1);
    expect(message.deliveries[0]!.status).toBe("SUCCEEDED");
    await sleep(500);
    expect(sent("/replay")).toHaveLength(2);
    const settled = await t.message(msgId);
    expect(settled!.deliveries[0]!.attempts.map((a) => a.attemptNumber)).toEqual([1, 2]);

    const missing = await t.gql(
      `mutation { replayMessage(input: {messageId: "msg_00000000000000000000000000"}) {
        __typename } }`,
    );
    expect(missing.replayMessage.__typename).toBe("NotFoundError");
  });
});

describe("recoverEndpoint", () => {
  it("resends the endpoint's failed deliveries since a time, and only those", async () => {
    const ep = await t.createEndpoint({
      url: `${receiver.url}/recover`,
      eventTypes: ["recover.me"],
      retrySchedule: "0s",
    });
    const delivered = await t.publishOk("recover.me", { n: 0 });
    await t.waitForSettled(delivered);
    expect((await t.message(delivered))!.deliveries[0]!.status).toBe("SUCCEEDED");

    recoverDown = true;
    const tooEarly = await t.publishOk("recover.me", { n: -1 });
    expect((await t.waitForSettled(tooEarly)).deliveries[0]!.status).toBe("FAILED");
    await sleep(50);
    const since = new Date();
    const failedIds = [
      await t.publishOk("recover.me", { n: 1 }),
      await t.publishOk("recover.me", { n: 2 }),
    ];
    for (const id of failedIds) {
      const m = await t.waitForSettled(id);
      expect(m.deliveries[0]!.status).toBe("FAILED");
      expect(m.deliveries[0]!.attempts.map((a) => a.statusCode)).toEqual([503, 503]);
    }
    // One success, then three messages tried twice each.
    expect(sent("/recover")).toHaveLength(1 + 3 * 2);

    recoverDown = false;
    const data = await t.gql(
      `mutation($input: RecoverEndpointInput!) { recoverEndpoint(input: $input) {
        __typename ... on RecoverEndpointPayload { deliveriesQueued } } }`,
      { input: { endpointId: ep.id, since: since.toISOString() } },
    );
    expect(data.recoverEndpoint).toEqual({
      __typename: "RecoverEndpointPayload",
      deliveriesQueued: 2,
    });

    const resent = (await receiver.waitFor(7 + 2, { path: "/recover" })).slice(7);
    expect(resent.map((r) => r.headers["webhook-id"]).sort()).toEqual([...failedIds].sort());
    for (const req of resent) new SvixWebhook(ep.secret).verify(req.body, req.headers);
    for (const id of failedIds) {
      const m = await t.waitForSettled(id);
      expect(m.deliveries[0]!.status).toBe("SUCCEEDED");
      expect(m.deliveries[0]!.attempts.map((a) => a.statusCode)).toEqual([503, 503, 200]);
    }
    await sleep(500);
    // Neither the delivered message nor the failure from before `since` was resent.
    const perMessage = (id: string) =>
      sent("/recover").filter((r) => r.headers["webhook-id"] === id).length;
    expect(perMessage(delivered)).toBe(1);
    expect(perMessage(tooEarly)).toBe(2);
    expect((await t.message(tooEarly))!.deliveries[0]!.status).toBe("FAILED");
    expect(sent("/recover")).toHaveLength(9);
  });
});

describe("test sends", () => {
  it("sendTestEvent reports the receiver's status, latency and body", async () => {
    const ep = await t.createEndpoint({ url: `${receiver.url}/test-ok` });
    const data = await t.gql(
      `mutation($id: ID!) { sendTestEvent(input: {endpointId: $id}) {
        __typename ... on SendReport { success statusCode latencyMs responseBody error } } }`,
      { id: ep.id },
    );
    expect(data.sendTestEvent).toMatchObject({
      __typename: "SendReport",
      success: true,
      statusCode: 202,
      responseBody: "accepted webhook.test",
      error: null,
    });
    expect(Number.isInteger(data.sendTestEvent.latencyMs)).toBe(true);
    expect(data.sendTestEvent.latencyMs).toBeGreaterThanOrEqual(0);

    const [req] = sent("/test-ok");
    const event = WebhookTestEvent.parse(
      new StandardWebhook(ep.secret).verify(req!.body, req!.headers),
    );
    expect(event.data).toMatchObject({ endpointId: ep.id });

    const bad = await t.createEndpoint({ url: `${receiver.url}/test-bad` });
    const failed = await t.gql(
      `mutation($id: ID!) { sendTestEvent(input: {endpointId: $id}) {
        __typename ... on SendReport { success statusCode responseBody error } } }`,
      { id: bad.id },
    );
    expect(failed.sendTestEvent).toMatchObject({
      success: false,
      statusCode: 500,
      responseBody: "test handler crashed",
    });
    expect(failed.sendTestEvent.error).toEqual(expect.any(String));
  });

  it("POST /v1/webhooks/test sends to a URL or an endpoint and reports the answer", async () => {
    const byUrl = await t.rest("/v1/webhooks/test", { url: `${receiver.url}/rest-url` });
    expect(byUrl.status).toBe(200);
    expect(byUrl.body).toMatchObject({
      success: true,
      statusCode: 200,
      responseBody: "hello from the url receiver",
      error: null,
    });
    expect(Number.isInteger(byUrl.body.latencyMs)).toBe(true);
    const [urlReq] = sent("/rest-url");
    expect(JSON.parse(urlReq!.body)).toMatchObject({ type: "webhook.test" });
    expect(urlReq!.headers["webhook-signature"]).toMatch(/^v1,/);

    const ep = await t.createEndpoint({ url: `${receiver.url}/test-ok` });
    const before = sent("/test-ok").length;
    const byEndpoint = await t.rest("/v1/webhooks/test", { endpointId: ep.id });
    expect(byEndpoint.status).toBe(200);
    expect(byEndpoint.body).toMatchObject({
      success: true,
      statusCode: 202,
      responseBody: "accepted webhook.test",
      error: null,
    });
    const req = sent("/test-ok")[before]!;
    expect(new SvixWebhook(ep.secret).verify(req.body, req.headers)).toMatchObject({
      type: "webhook.test",
      data: { endpointId: ep.id },
    });

    const unknown = await t.rest("/v1/webhooks/test", {
      endpointId: "ep_00000000000000000000000000",
    });
    expect(unknown.status).toBe(404);
  });
});
