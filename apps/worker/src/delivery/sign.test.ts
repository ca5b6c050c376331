import { createHmac } from "node:crypto";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { describe, expect, it } from "vitest";
import {
  buildWebhookHeaders,
  generateSigningSecret,
  parseSigningSecret,
  redactHeaders,
  SigningSecretError,
  signHex,
  signStandard,
} from "./sign.js";

const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  msgId: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

const now = () => Math.floor(Date.now() / 1000);
const body = JSON.stringify({ id: "msg_1", type: "run.completed", data: { run: { id: "run_1" } } });

describe("signStandard", () => {
  it("matches the Standard Webhooks test vector", () => {
    const { secret, ...rest } = VECTOR;
    expect(signStandard({ ...rest, secrets: [secret] })).toBe(VECTOR.signature);
  });

  it("accepts the secret without its whsec_ prefix", () => {
    const { secret, ...rest } = VECTOR;
    expect(signStandard({ ...rest, secrets: [secret.slice(6)] })).toBe(VECTOR.signature);
  });

  it("emits one space-separated signature per secret", () => {
    const other = generateSigningSecret();
    const { secret, ...rest } = VECTOR;
    const sigs = signStandard({ ...rest, secrets: [secret, other] }).split(" ");
    expect(sigs).toHaveLength(2);
    expect(sigs[0]).toBe(VECTOR.signature);
    expect(sigs[1]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  it.each([
    ["milliseconds", Date.now()],
    ["a fraction", 1614265330.5],
    ["negative", -1],
  ])("rejects a timestamp in %s", (_, timestamp) => {
    expect(() => signStandard({ ...VECTOR, timestamp, secrets: [VECTOR.secret] })).toThrow(
      RangeError,
    );
  });

  it("rejects an empty secret list", () => {
    expect(() => signStandard({ ...VECTOR, secrets: [] })).toThrow(SigningSecretError);
  });
});

describe("parseSigningSecret", () => {
  it("decodes whsec_ and bare base64 alike", () => {
    expect(parseSigningSecret(VECTOR.secret)).toEqual(parseSigningSecret(VECTOR.secret.slice(6)));
    expect(parseSigningSecret(VECTOR.secret)).toHaveLength(24);
    expect(parseSigningSecret(Buffer.alloc(100, 7).toString("base64"))).toHaveLength(100);
  });

  it.each([
    ["empty", "whsec_"],
    ["not base64", "whsec_not base64 at all!!!!!!!!!!!!"],
    ["url-safe alphabet", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa-_"],
    ["too short", `whsec_${Buffer.alloc(16).toString("base64")}`],
  ])("rejects a secret that is %s", (_, secret) => {
    expect(() => parseSigningSecret(secret)).toThrow(SigningSecretError);
  });

  it("generates 32-byte whsec_ secrets that parse", () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(parseSigningSecret(secret)).toHaveLength(32);
    expect(generateSigningSecret()).not.toBe(secret);
  });
});

describe("buildWebhookHeaders (STANDARD)", () => {
  const build = (
    secrets: string[],
    extra: Partial<Parameters<typeof buildWebhookHeaders>[0]> = {},
  ) =>
    buildWebhookHeaders({
      msgId: "msg_2k1",
      timestamp: now(),
      body,
      secrets,
      scheme: "STANDARD",
      userAgent: "Herald-Webhooks/0.1.0",
      ...extra,
    });

  it("verifies with the standardwebhooks and svix libraries", () => {
    const secret = generateSigningSecret();
    const headers = build([secret]);
    expect(headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "Herald-Webhooks/0.1.0",
      "webhook-id": "msg_2k1",
    });
    expect(new StandardWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new SvixWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("verifies with either secret while a rotation overlaps", () => {
    const [oldSecret, newSecret] = [generateSigningSecret(), generateSigningSecret()];
    const headers = build([newSecret, oldSecret]);
    for (const secret of [oldSecret, newSecret]) {
      expect(() => new StandardWebhook(secret).verify(body, headers)).not.toThrow();
      expect(() => new SvixWebhook(secret).verify(body, headers)).not.toThrow();
    }
    const stranger = generateSigningSecret();
    expect(() => new StandardWebhook(stranger).verify(body, headers)).toThrow();
    expect(() => new SvixWebhook(stranger).verify(body, headers)).toThrow();
  });

  it("fails verification for a re-serialised body", () => {
    const secret = generateSigningSecret();
    const headers = build([secret]);
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    expect(() => new StandardWebhook(secret).verify(reformatted, headers)).toThrow();
  });

  it("never lets custom headers override its own", () => {
    const secret = generateSigningSecret();
    const headers = build([secret], {
      customHeaders: {
        "Webhook-Signature": "v1,forged",
        "WEBHOOK-ID": "msg_forged",
        "webhook-timestamp": "1",
        "Content-Type": "text/plain",
        "svix-id": "msg_forged",
        "User-Agent": "curl",
        Host: "internal.example",
        "Transfer-Encoding": "chunked",
        "X-Tenant": "acme",
        "x-tenant": "dup",
        "X-Bad": "a\r\nInjected: yes",
        "Bad Name": "x",
      },
    });
    expect(headers).toEqual({
      "content-type": "application/json",
      "user-agent": "Herald-Webhooks/0.1.0",
      "webhook-id": "msg_2k1",
      "webhook-timestamp": headers["webhook-timestamp"],
      "webhook-signature": headers["webhook-signature"],
      "X-Tenant": "acme",
    });
    expect(new SvixWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });
});

describe("buildWebhookHeaders (HMAC_SHA256_HEX)", () => {
  const secret = generateSigningSecret();
  const expected = `sha256=${createHmac("sha256", parseSigningSecret(secret)).update(body).digest("hex")}`;

  it("puts sha256=<hex> of the raw body in the default header", () => {
    const timestamp = now();
    const headers = buildWebhookHeaders({
      msgId: "msg_hex",
      timestamp,
      body,
      secrets: [secret],
      scheme: "HMAC_SHA256_HEX",
      userAgent: "Herald-Webhooks/0.1.0",
    });
    expect(signHex(body, secret)).toBe(expected);
    expect(headers).toEqual({
      "content-type": "application/json",
      "user-agent": "Herald-Webhooks/0.1.0",
      "webhook-id": "msg_hex",
      "webhook-timestamp": String(timestamp),
      "X-Webhook-Signature-256": expected,
    });
  });

  it("uses the named headers and protects them from custom headers", () => {
    const timestamp = now();
    const headers = buildWebhookHeaders({
      msgId: "msg_hex",
      timestamp,
      body,
      secrets: [secret],
      scheme: "HMAC_SHA256_HEX",
      hexHeaderName: "X-Hub-Signature-256",
      hexTimestampHeaderName: "X-Hub-Timestamp",
      customHeaders: { "x-hub-signature-256": "sha256=forged", "X-HUB-TIMESTAMP": "0" },
      userAgent: "Herald-Webhooks/0.1.0",
    });
    expect(headers["X-Hub-Signature-256"]).toBe(expected);
    expect(headers["X-Hub-Timestamp"]).toBe(String(timestamp));
    expect(Object.keys(headers).map((k) => k.toLowerCase())).toEqual([
      "content-type",
      "user-agent",
      "webhook-id",
      "webhook-timestamp",
      "x-hub-signature-256",
      "x-hub-timestamp",
    ]);
    expect(headers["webhook-signature"]).toBeUndefined();
  });

  it.each(["Content-Type", "webhook-signature", "Host", "bad name"])(
    "refuses %s as the signature header",
    (hexHeaderName) => {
      expect(() =>
        buildWebhookHeaders({
          msgId: "msg_hex",
          timestamp: now(),
          body,
          secrets: [secret],
          scheme: "HMAC_SHA256_HEX",
          hexHeaderName,
          userAgent: "x",
        }),
      ).toThrow(TypeError);
    },
  );
});

describe("redactHeaders", () => {
  it("replaces every secret-derived value and leaves the rest", () => {
    const secret = generateSigningSecret();
    const headers: Record<string, string> = {
      ...buildWebhookHeaders({
        msgId: "msg_r",
        timestamp: now(),
        body,
        secrets: [secret],
        scheme: "STANDARD",
        customHeaders: { "X-Tenant": "acme" },
        userAgent: "Herald-Webhooks/0.1.0",
      }),
      "X-Hub-Sig": signHex(body, secret),
    };
    const redacted = redactHeaders(headers, ["X-Tenant"]);
    expect(redacted["webhook-signature"]).toBe("[redacted]");
    expect(redacted["X-Hub-Sig"]).toBe("[redacted]");
    expect(redacted["X-Tenant"]).toBe("[redacted]");
    expect(redacted["webhook-id"]).toBe("msg_r");
    expect(headers["webhook-signature"]).toMatch(/^v1,/);
    expect(JSON.stringify(redactHeaders(headers))).not.toContain(
      headers["webhook-signature"]!.slice(3),
    );
  });
});
