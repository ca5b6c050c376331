// End-to-end: secret rotation (both secrets sign during the grace period, so receivers on
// either verify) and the HMAC_SHA256_HEX compatibility scheme.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { type HeraldFixture, startHerald } from "@herald/api/testing";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Receiver, startReceiver, TenantClient } from "./src/index.js";

let h: HeraldFixture;
let receiver: Receiver;
let t: TenantClient;

beforeAll(async () => {
  h = await startHerald({ worker: true });
  receiver = await startReceiver();
  t = await TenantClient.create(h);
  for (const type of ["rotate.before", "rotate.after", "rotate.nograce", "hex.event"]) {
    await t.createEventType(type);
  }
});
afterAll(async () => {
  await h?.stop();
  await receiver?.close();
});

async function rotate(id: string, graceSeconds?: number): Promise<string> {
  const data = await t.gql(
    `mutation($input: RotateEndpointSecretInput!) { rotateEndpointSecret(input: $input) {
      __typename ... on RotateEndpointSecretPayload { signingSecret endpoint { id } } } }`,
    { input: { id, ...(graceSeconds !== undefined ? { graceSeconds } : {}) } },
  );
  expect(data.rotateEndpointSecret.__typename).toBe("RotateEndpointSecretPayload");
  expect(data.rotateEndpointSecret.endpoint.id).toBe(id);
  return data.rotateEndpointSecret.signingSecret;
}

const otherSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

function verifies(secret: string, body: string, headers: Record<string, string>): boolean {
  const viaStandard = (() => {
    try {
      new StandardWebhook(secret).verify(body, headers);
      return true;
    } catch {
      return false;
    }
  })();
  const viaSvix = (() => {
    try {
      new SvixWebhook(secret).verify(body, headers);
      return true;
    } catch {
      return false;
    }
  })();
  // The two libraries must agree on every verdict.
  expect(viaSvix).toBe(viaStandard);
  return viaStandard;
}

describe("secret rotation", () => {
  it("signs with the old and the new secret during the grace period", async () => {
    const ep = await t.createEndpoint({
      url: `${receiver.url}/rotating`,
      eventTypes: ["rotate.before", "rotate.after"],
    });
    const oldSecret = ep.secret;

    const before = await t.publishOk("rotate.before", { n: 1 });
    const [first] = await receiver.waitFor(1, { path: "/rotating" });
    expect(first!.headers["webhook-id"]).toBe(before);
    expect(first!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(verifies(oldSecret, first!.body, first!.headers)).toBe(true);

    const newSecret = await rotate(ep.id);
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect((await t.endpoint(ep.id))!.signingSecret).toBe(newSecret);

    const after = await t.publishOk("rotate.after", { n: 2 });
    const all = await receiver.waitFor(2, { path: "/rotating" });
    const req = all.find((r) => r.headers["webhook-id"] === after)!;
    expect(req).toBeDefined();
    const parts = req.headers["webhook-signature"]!.split(" ");
    expect(parts).toHaveLength(2);
    for (const p of parts) expect(p).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    expect(new Set(parts).size).toBe(2);

    expect(verifies(oldSecret, req.body, req.headers)).toBe(true);
    expect(verifies(newSecret, req.body, req.headers)).toBe(true);
    expect(verifies(otherSecret(), req.body, req.headers)).toBe(false);
    // And the verified payload is the message published.
    expect(new SvixWebhook(newSecret).verify(req.body, req.headers)).toMatchObject({
      id: after,
      type: "rotate.after",
      data: { n: 2 },
    });
  });

  it("stops signing with the old secret at once when the grace period is zero", async () => {
    const ep = await t.createEndpoint({
      url: `${receiver.url}/nograce`,
      eventTypes: ["rotate.nograce"],
    });
    const newSecret = await rotate(ep.id, 0);
    const msgId = await t.publishOk("rotate.nograce", {});
    const [req] = await receiver.waitFor(1, { path: "/nograce" });
    expect(req!.headers["webhook-id"]).toBe(msgId);
    expect(req!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(verifies(newSecret, req!.body, req!.headers)).toBe(true);
    expect(verifies(ep.secret, req!.body, req!.headers)).toBe(false);
  });
});

describe("HMAC_SHA256_HEX scheme", () => {
  it("sends sha256=<hex HMAC of the raw body> in the named header", async () => {
    const ep = await t.createEndpoint({
      url: `${receiver.url}/hex`,
      eventTypes: ["hex.event"],
      signatureScheme: "HMAC_SHA256_HEX",
      signatureHeader: "X-Webhook-Signature-256",
    });
    const msgId = await t.publishOk("hex.event", { amount: 12, note: "naïve ✓" });
    const [req] = await receiver.waitFor(1, { path: "/hex" });

    const header = req!.headers["x-webhook-signature-256"];
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    const key = Buffer.from(ep.secret.slice("whsec_".length), "base64");
    expect(key.length).toBeGreaterThanOrEqual(24);
    const expected = `sha256=${createHmac("sha256", key).update(req!.body, "utf8").digest("hex")}`;
    expect(timingSafeEqual(Buffer.from(header!), Buffer.from(expected))).toBe(true);
    // A different key gives a different signature (the check above is not vacuous).
    const wrong = createHmac("sha256", randomBytes(32)).update(req!.body).digest("hex");
    expect(header).not.toBe(`sha256=${wrong}`);

    // The body is the standard envelope; receivers still get webhook-id to dedupe on.
    expect(JSON.parse(req!.body)).toMatchObject({
      id: msgId,
      type: "hex.event",
      data: { amount: 12, note: "naïve ✓" },
    });
    expect(req!.headers["webhook-id"]).toBe(msgId);
    expect(req!.headers["webhook-signature"]).toBeUndefined();

    // The attempt log keeps the header name but not its value.
    const message = await t.waitForSettled(msgId);
    const logged = message.deliveries[0]!.attempts[0]!.requestHeaders;
    const name = Object.keys(logged).find((k) => k.toLowerCase() === "x-webhook-signature-256");
    expect(name).toBeDefined();
    expect(logged[name!]).toBe("[redacted]");
    expect(JSON.stringify(logged)).not.toContain(header!.slice("sha256=".length));
  });
});
