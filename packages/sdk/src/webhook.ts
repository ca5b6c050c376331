// Verifying webhooks from Herald: the Standard Webhooks signature over the raw body, the
// timestamp window, and the payload against the event's schema. Accepts `webhook-*` and
// `svix-*` headers, several signatures, and secrets with or without `whsec_`.
import { createHmac, timingSafeEqual } from "node:crypto";
import { HeraldEvent as HeraldEventSchema } from "@herald/schema";
import { WebhookVerificationError, type WebhookVerificationErrorCode } from "./errors.js";
import type { CustomEvent, HeraldEvent } from "./events.js";

export type HeaderSource =
  | Headers
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null };

export interface WebhookOptions {
  /** Seconds a timestamp may be off, either way. Default 300. */
  toleranceSeconds?: number;
}

function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const found = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = found ? record[found] : undefined;
  return Array.isArray(value) ? value[0] : value;
}

function toBuffer(payload: string | Uint8Array | ArrayBuffer): Buffer {
  if (typeof payload === "string") return Buffer.from(payload, "utf8");
  if (payload instanceof ArrayBuffer) return Buffer.from(payload);
  return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
}

export function decodeSecret(secret: string): Buffer {
  const raw = secret.startsWith("whsec_") ? secret.slice(6) : secret;
  const key = Buffer.from(raw, "base64");
  if (key.length === 0) throw new TypeError("the webhook secret is empty or not base64");
  return key;
}

/** `v1,<base64>` for a message: what Herald sends in `webhook-signature`. */
export function sign(
  secret: string,
  msgId: string,
  timestamp: number,
  payload: string | Uint8Array,
): string {
  const mac = createHmac("sha256", decodeSecret(secret))
    .update(`${msgId}.${timestamp}.`)
    .update(toBuffer(payload))
    .digest("base64");
  return `v1,${mac}`;
}

export class Webhook {
  readonly #key: Buffer;
  readonly #tolerance: number;

  constructor(secret: string, options: WebhookOptions = {}) {
    this.#key = decodeSecret(secret);
    this.#tolerance = options.toleranceSeconds ?? 300;
  }

  /**
   * Checks the signature and timestamp and returns the parsed body, without checking its
   * shape: for tenant-defined event types.
   */
  verifyAny<T = Record<string, unknown>>(
    payload: string | Uint8Array | ArrayBuffer,
    headers: HeaderSource,
    now: Date = new Date(),
  ): CustomEvent<T> {
    const fail = (code: WebhookVerificationErrorCode, message: string): never => {
      throw new WebhookVerificationError(code, message);
    };
    const id = headerValue(headers, "webhook-id") ?? headerValue(headers, "svix-id");
    const timestamp =
      headerValue(headers, "webhook-timestamp") ?? headerValue(headers, "svix-timestamp");
    const signatures =
      headerValue(headers, "webhook-signature") ?? headerValue(headers, "svix-signature");
    if (!id || !timestamp || !signatures) {
      return fail(
        "missing_headers",
        "webhook-id, webhook-timestamp and webhook-signature are required",
      );
    }
    if (!/^\d+$/.test(timestamp))
      return fail("invalid_signature", "webhook-timestamp is not unix seconds");
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const ts = Number(timestamp);
    if (nowSeconds - ts > this.#tolerance)
      return fail("timestamp_too_old", "the message timestamp is too old");
    if (ts - nowSeconds > this.#tolerance)
      return fail("timestamp_too_new", "the message timestamp is in the future");
    const body = toBuffer(payload);
    const expected = createHmac("sha256", this.#key)
      .update(`${id}.${timestamp}.`)
      .update(body)
      .digest();
    let ok = false;
    for (const candidate of signatures.split(" ")) {
      const [version, value] = candidate.split(",", 2);
      if (version !== "v1" || !value) continue;
      const given = Buffer.from(value, "base64");
      if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
    }
    if (!ok) return fail("invalid_signature", "no signature matches");
    let event: unknown;
    try {
      event = JSON.parse(body.toString("utf8"));
    } catch {
      return fail("invalid_payload", "the body is not JSON");
    }
    // Signed but not an object (e.g. `null`): say so, rather than fail later on `.type`.
    if (typeof event !== "object" || event === null || Array.isArray(event)) {
      return fail("invalid_payload", "the body is not a JSON object");
    }
    return event as CustomEvent<T>;
  }

  /**
   * Verifies a webhook and returns it as a typed `HeraldEvent` (narrow on `type`). Throws
   * `WebhookVerificationError` on a bad signature, a timestamp outside the tolerance, or a
   * body that does not match its event type's schema.
   */
  verify(
    payload: string | Uint8Array | ArrayBuffer,
    headers: HeaderSource,
    now?: Date,
  ): HeraldEvent {
    const event = this.verifyAny(payload, headers, now);
    const parsed = HeraldEventSchema.safeParse(event);
    if (!parsed.success) {
      const known = HeraldEventSchema.options.some((o) => o.shape.type.value === event.type);
      throw new WebhookVerificationError(
        known ? "invalid_payload" : "unknown_event_type",
        known
          ? `the ${event.type} payload does not match its schema: ${parsed.error.issues[0]?.message ?? ""}`
          : `${event.type} is not a built-in event type; use verifyAny`,
      );
    }
    return event as HeraldEvent;
  }

  /** Verifies a Web `Request` (reads its raw body once). */
  async verifyRequest(request: Request, now?: Date): Promise<HeraldEvent> {
    return this.verify(new Uint8Array(await request.arrayBuffer()), request.headers, now);
  }
}
