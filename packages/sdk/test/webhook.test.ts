import { Webhook as StandardWebhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  isRunCompletedEvent,
  sign,
  signTriggerRequest,
  Webhook,
  WebhookVerificationError,
} from "../src/index.js";

const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
const SECRET = `whsec_${Buffer.alloc(32, 3).toString("base64")}`;

function event(type = "run.completed") {
  const now = new Date().toISOString();
  return {
    id: "msg_01TEST",
    type,
    timestamp: now,
    data: {
      run: {
        id: "run_01TEST",
        agentId: null,
        workflowId: null,
        status: "succeeded",
        input: { q: 1 },
        output: { a: 2 },
        error: null,
        metadata: {},
        sensitiveInputKeys: [],
        webhookUrl: null,
        webhook: { state: "none", webhookFailureReason: null },
        createdAt: now,
        queuedAt: now,
        startedAt: now,
        finishedAt: now,
      },
    },
  };
}

function headersFor(body: string, secret = SECRET, at = new Date(), id = "msg_01TEST") {
  const ts = Math.floor(at.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(ts),
    "webhook-signature": sign(secret, id, ts, body),
  };
}

function code(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.code;
    throw error;
  }
  return "verified";
}

describe("Webhook.verify", () => {
  it("agrees with standardwebhooks on the published test vector", () => {
    expect(sign(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    const headers = {
      "webhook-id": VECTOR.id,
      "webhook-timestamp": String(VECTOR.timestamp),
      "webhook-signature": VECTOR.signature,
    };
    const at = new Date(VECTOR.timestamp * 1000);
    expect(new Webhook(VECTOR.secret).verifyAny(VECTOR.body, headers, at)).toEqual({
      test: 2432232314,
    });
    const theirs = new StandardWebhook(VECTOR.secret).sign(VECTOR.id, at, VECTOR.body);
    expect(theirs).toBe(VECTOR.signature);
  });

  it("returns a typed event that narrows on type", () => {
    const body = JSON.stringify(event());
    const verified = new Webhook(SECRET).verify(body, headersFor(body));
    expect(isRunCompletedEvent(verified)).toBe(true);
    if (verified.type === "run.completed") expect(verified.data.run.status).toBe("succeeded");
  });

  it("rejects a tampered body, a wrong secret, stale and future timestamps, and missing headers", () => {
    const body = JSON.stringify(event());
    const wh = new Webhook(SECRET);
    expect(code(() => wh.verify(body.replace("succeeded", "failed"), headersFor(body)))).toBe(
      "invalid_signature",
    );
    expect(
      code(() =>
        new Webhook(`whsec_${Buffer.alloc(32, 9).toString("base64")}`).verify(
          body,
          headersFor(body),
        ),
      ),
    ).toBe("invalid_signature");
    expect(
      code(() => wh.verify(body, headersFor(body, SECRET, new Date(Date.now() - 10 * 60_000)))),
    ).toBe("timestamp_too_old");
    expect(
      code(() => wh.verify(body, headersFor(body, SECRET, new Date(Date.now() + 10 * 60_000)))),
    ).toBe("timestamp_too_new");
    expect(code(() => wh.verify(body, {}))).toBe("missing_headers");
  });

  it("has a configurable tolerance", () => {
    const body = JSON.stringify(event());
    const old = headersFor(body, SECRET, new Date(Date.now() - 10 * 60_000));
    expect(code(() => new Webhook(SECRET, { toleranceSeconds: 900 }).verify(body, old))).toBe(
      "verified",
    );
  });

  it("rejects a payload that does not match its event's schema, and unknown types", () => {
    const bad = JSON.stringify({ ...event(), data: { run: { id: 7 } } });
    expect(code(() => new Webhook(SECRET).verify(bad, headersFor(bad)))).toBe("invalid_payload");
    const custom = JSON.stringify({ ...event("invoice.paid"), data: { amount: 1 } });
    expect(code(() => new Webhook(SECRET).verify(custom, headersFor(custom)))).toBe(
      "unknown_event_type",
    );
    expect(new Webhook(SECRET).verifyAny(custom, headersFor(custom)).data).toEqual({ amount: 1 });
  });

  it("rejects signed bodies that are JSON but not an object, or not an envelope", () => {
    for (const body of ["null", "[]", "42"]) {
      expect(code(() => new Webhook(SECRET).verify(body, headersFor(body)))).toBe(
        "invalid_payload",
      );
      expect(code(() => new Webhook(SECRET).verifyAny(body, headersFor(body)))).toBe(
        "invalid_payload",
      );
    }
    const partial = '{"type":"run.completed"}';
    expect(code(() => new Webhook(SECRET).verify(partial, headersFor(partial)))).toBe(
      "invalid_payload",
    );
  });

  it("accepts svix-* headers, several signatures, bare base64 secrets and Web Requests", async () => {
    const body = JSON.stringify(event());
    const h = headersFor(body);
    const other = sign(
      `whsec_${Buffer.alloc(32, 5).toString("base64")}`,
      h["webhook-id"],
      Number(h["webhook-timestamp"]),
      body,
    );
    const svix = {
      "svix-id": h["webhook-id"],
      "svix-timestamp": h["webhook-timestamp"],
      "svix-signature": `${other} ${h["webhook-signature"]}`,
    };
    expect(new Webhook(SECRET).verify(body, svix).type).toBe("run.completed");
    expect(new Webhook(SECRET.slice("whsec_".length)).verify(body, h).type).toBe("run.completed");
    const request = new Request("http://localhost/hook", { method: "POST", headers: h, body });
    expect((await new Webhook(SECRET).verifyRequest(request)).type).toBe("run.completed");
    expect(new Webhook(SECRET).verify(Buffer.from(body), new Headers(h)).id).toBe("msg_01TEST");
  });

  it("signs trigger requests that standardwebhooks verifies", () => {
    const signed = signTriggerRequest(SECRET, { ticket: 1 }, { id: "msg_trig" });
    expect(new StandardWebhook(SECRET).verify(signed.body, signed.headers)).toEqual({ ticket: 1 });
  });
});
