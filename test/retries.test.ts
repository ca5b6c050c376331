// End-to-end: retries on the endpoint's schedule with one webhook-id, the attempt log with
// redacted signatures, 410 disabling the endpoint, exhaustion emitting an operational
// event, and Retry-After on 429.
import { type HeraldFixture, startHerald } from "@herald/api/testing";
import { EndpointDisabledEvent, MessageAttemptExhaustedEvent } from "@herald/schema";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  byPath,
  type Json,
  type Received,
  type Receiver,
  sequence,
  sleep,
  startReceiver,
  TenantClient,
  waitUntil,
} from "./src/index.js";

let h: HeraldFixture;
let receiver: Receiver;
let t: TenantClient;
let observer: { id: string; secret: string };

const sent = (path: string) => receiver.received.filter((r) => r.path === path);

beforeAll(async () => {
  h = await startHerald({ worker: true });
  receiver = await startReceiver(
    byPath({
      "/flaky": sequence(
        { status: 500, body: "first failure" },
        { status: 500, body: "second failure" },
        { status: 200, body: "finally" },
      ),
      "/gone": () => ({ status: 410, body: "gone for good" }),
      "/broken": () => ({ status: 500, body: "always broken" }),
      "/busy": sequence(
        { status: 429, body: "slow down", headers: { "retry-after": "2" } },
        { status: 200, body: "thanks" },
      ),
    }),
  );
  t = await TenantClient.create(h);
  for (const type of ["retry.flaky", "retry.gone", "retry.broken", "retry.busy"]) {
    await t.createEventType(type);
  }
  // Hears only about Herald's own operational events.
  observer = await t.createEndpoint({
    url: `${receiver.url}/ops`,
    eventTypes: ["message.attempt.exhausted", "endpoint.disabled"],
  });
});
afterAll(async () => {
  await h?.stop();
  await receiver?.close();
});

function opsEvents(type: string): { req: Received; event: Json }[] {
  return sent("/ops")
    .map((req) => ({ req, event: JSON.parse(req.body) }))
    .filter((e) => e.event.type === type);
}

describe("retries", () => {
  it("retries on the endpoint's schedule until a 2xx, with one webhook-id and a redacted attempt log", async () => {
    const ep = await t.createEndpoint({
      url: `${receiver.url}/flaky`,
      eventTypes: ["retry.flaky"],
      retrySchedule: "0s,1s,1s",
    });
    const msgId = await t.publishOk("retry.flaky", { n: 1 });

    const requests = await receiver.waitFor(3, { path: "/flaky" });
    const message = await t.waitForSettled(msgId);
    // Settled: nothing else may arrive (the schedule had room for a fourth try).
    await sleep(2500);
    expect(sent("/flaky")).toHaveLength(3);

    for (const req of requests) {
      expect(req.headers["webhook-id"]).toBe(msgId);
      // Each try is signed afresh and verifies on its own.
      expect(new StandardWebhook(ep.secret).verify(req.body, req.headers)).toMatchObject({
        id: msgId,
        type: "retry.flaky",
        data: { n: 1 },
      });
    }

    expect(message.deliveries).toHaveLength(1);
    const [delivery] = message.deliveries;
    expect(delivery!.endpointId).toBe(ep.id);
    expect(delivery!.status).toBe("SUCCEEDED");
    expect(delivery!.attemptCount).toBe(3);
    expect(delivery!.attempts.map((a) => a.attemptNumber)).toEqual([1, 2, 3]);
    expect(delivery!.attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    expect(delivery!.attempts.map((a) => a.responseBody)).toEqual([
      "first failure",
      "second failure",
      "finally",
    ]);
    expect(delivery!.attempts.map((a) => a.errorCode)).toEqual(["http_error", "http_error", null]);

    // The log shows what was sent, except anything derived from the secret.
    const signatures = requests.map((r) => r.headers["webhook-signature"]!);
    for (const sig of signatures) expect(sig).toMatch(/^v1,/);
    for (const attempt of delivery!.attempts) {
      const headers = attempt.requestHeaders;
      expect(headers["webhook-id"]).toBe(msgId);
      expect(headers["webhook-timestamp"]).toMatch(/^\d+$/);
      expect(headers["webhook-signature"]).toBe("[redacted]");
      const text = JSON.stringify(headers);
      expect(text).not.toMatch(/v1,/);
      for (const sig of signatures) {
        expect(text).not.toContain(sig.slice(3));
      }
      expect(text).not.toContain(ep.secret.slice("whsec_".length));
    }
  });

  it("disables an endpoint that answers 410 Gone, with a reason, after one try", async () => {
    const ep = await t.createEndpoint({
      url: `${receiver.url}/gone`,
      eventTypes: ["retry.gone"],
      retrySchedule: "0s,0s,0s",
    });
    const msgId = await t.publishOk("retry.gone", {});
    const message = await t.waitForSettled(msgId);
    const [delivery] = message.deliveries;
    expect(delivery!.status).toBe("FAILED");
    expect(delivery!.attemptCount).toBe(1);
    expect(delivery!.attempts[0]!.statusCode).toBe(410);

    const endpoint = await t.endpoint(ep.id);
    expect(endpoint!.status).toBe("DISABLED");
    expect(endpoint!.disabledReason).toMatch(/410/);

    // The operational event tells the tenant, signed like any other webhook.
    const disabled = await waitUntil(
      async () => opsEvents("endpoint.disabled").find((e) => e.event.data.endpointId === ep.id),
      20_000,
      "endpoint.disabled event",
    );
    const verified = new StandardWebhook(observer.secret).verify(
      disabled.req.body,
      disabled.req.headers,
    );
    expect(EndpointDisabledEvent.parse(verified).data).toMatchObject({
      endpointId: ep.id,
      url: `${receiver.url}/gone`,
    });

    // A disabled endpoint gets nothing more.
    await t.publishOk("retry.gone", {});
    await sleep(2000);
    expect(sent("/gone")).toHaveLength(1);
  });

  it("fails a delivery whose schedule runs out and tells subscribers with message.attempt.exhausted", async () => {
    const ep = await t.createEndpoint({
      url: `${receiver.url}/broken`,
      eventTypes: ["retry.broken"],
      retrySchedule: "0s",
    });
    const msgId = await t.publishOk("retry.broken", { order: 7 });
    const message = await t.waitForSettled(msgId);
    const [delivery] = message.deliveries;
    expect(delivery!.status).toBe("FAILED");
    // The first try and the schedule's one retry.
    expect(delivery!.attemptCount).toBe(2);
    expect(delivery!.attempts.map((a) => a.statusCode)).toEqual([500, 500]);
    expect(sent("/broken")).toHaveLength(2);
    // Failing for a few seconds is far from the disable threshold.
    expect((await t.endpoint(ep.id))!.status).toBe("ENABLED");

    const exhausted = await waitUntil(
      async () =>
        opsEvents("message.attempt.exhausted").find((e) => e.event.data.messageId === msgId),
      20_000,
      "message.attempt.exhausted event",
    );
    const { req } = exhausted;
    const viaStandard = new StandardWebhook(observer.secret).verify(req.body, req.headers);
    const viaSvix = new SvixWebhook(observer.secret).verify(req.body, req.headers);
    expect(viaSvix).toEqual(viaStandard);
    const event = MessageAttemptExhaustedEvent.parse(viaStandard);
    expect(event.data).toMatchObject({
      messageId: msgId,
      endpointId: ep.id,
      eventType: "retry.broken",
      attempts: 2,
      lastStatusCode: 500,
    });
    // The operational event is itself a message, with its own id.
    expect(req.headers["webhook-id"]).not.toBe(msgId);
    expect(event.id).toBe(req.headers["webhook-id"]);
  });

  it("retries a 429 no sooner than its Retry-After allows", async () => {
    // Without Retry-After the retry would be immediate (0s); the 5s step bounds it.
    await t.createEndpoint({
      url: `${receiver.url}/busy`,
      eventTypes: ["retry.busy"],
      retrySchedule: "0s,5s",
    });
    const msgId = await t.publishOk("retry.busy", {});
    const [first, second] = await receiver.waitFor(2, { path: "/busy" });
    expect(second!.headers["webhook-id"]).toBe(msgId);
    expect(first!.headers["webhook-id"]).toBe(msgId);
    // Retry-After: 2 → not before two seconds (small allowance for clock granularity).
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1900);

    const message = await t.waitForSettled(msgId);
    const [delivery] = message.deliveries;
    expect(delivery!.status).toBe("SUCCEEDED");
    expect(delivery!.attempts.map((a) => a.statusCode)).toEqual([429, 200]);
    expect(delivery!.attempts[0]!.responseBody).toBe("slow down");
  });
});
