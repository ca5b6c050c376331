// Signs outgoing webhooks: Standard Webhooks (`webhook-*` headers, verifiable by the
// `standardwebhooks` and `svix` libraries) and the opt-in `sha256=<hex>` compatibility
// scheme, and builds the full header set a delivery sends.
import { createHmac, randomBytes } from "node:crypto";

export const SECRET_PREFIX = "whsec_";

export type SignatureScheme = "STANDARD" | "HMAC_SHA256_HEX";

export const DEFAULT_HEX_SIGNATURE_HEADER = "X-Webhook-Signature-256";

// The Standard Webhooks spec asks for at least 24 random bytes. No upper bound: HMAC
// takes any key length, and a secret imported from another platform must keep working.
const MIN_SECRET_BYTES = 24;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export class SigningSecretError extends Error {
  override name = "SigningSecretError";
}

/** Decodes a `whsec_<base64>` (or bare base64) secret into the HMAC key bytes. */
export function parseSigningSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, "base64");
  // Buffer.from silently skips junk, so a typo would otherwise become a different key
  // and every receiver would reject our signatures.
  const canonical = key.toString("base64").replace(/=+$/, "") === encoded.replace(/=+$/, "");
  if (!BASE64.test(encoded) || !canonical) {
    throw new SigningSecretError("signing secret must be base64, optionally prefixed with whsec_");
  }
  if (key.length < MIN_SECRET_BYTES) {
    throw new SigningSecretError(
      `signing secret must decode to at least ${MIN_SECRET_BYTES} bytes, got ${key.length}`,
    );
  }
  return key;
}

export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

function assertUnixSeconds(timestamp: number): void {
  // Verifiers compare against seconds with a ±300 s window; a millisecond value would
  // sign fine and then fail at every receiver.
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > 1e11) {
    throw new RangeError(`timestamp must be unix seconds, got ${timestamp}`);
  }
}

/**
 * `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` per secret, space-separated, so
 * receivers keep verifying while a rotated secret overlaps the old one.
 */
export function signStandard(opts: {
  msgId: string;
  timestamp: number;
  body: string;
  secrets: string[];
}): string {
  assertUnixSeconds(opts.timestamp);
  if (opts.secrets.length === 0) throw new SigningSecretError("at least one secret is required");
  const content = `${opts.msgId}.${opts.timestamp}.${opts.body}`;
  return opts.secrets
    .map((secret) => {
      const mac = createHmac("sha256", parseSigningSecret(secret)).update(content).digest("base64");
      return `v1,${mac}`;
    })
    .join(" ");
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as GitHub-style receivers expect. */
export function signHex(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", parseSigningSecret(secret)).update(body).digest("hex")}`;
}

// Headers a customer may not set: ours (so a custom header can never forge or break a
// signature), svix-* (svix prefers them over webhook-*), and framing/hop-by-hop headers
// that would corrupt the request or make undici refuse it.
const RESERVED_HEADERS = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "host",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "user-agent",
]);
const RESERVED_PREFIXES = ["webhook-", "svix-", "proxy-"];

/** True for header names a customer may not configure (the API validates with this). */
export function isReservedHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_HEADERS.has(lower) || RESERVED_PREFIXES.some((p) => lower.startsWith(p));
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_HEADER_VALUE = /[\r\n\0]/;

export function buildWebhookHeaders(opts: {
  msgId: string;
  timestamp: number;
  body: string;
  secrets: string[];
  scheme: SignatureScheme;
  hexHeaderName?: string;
  hexTimestampHeaderName?: string | null;
  customHeaders?: Record<string, string>;
  userAgent: string;
}): Record<string, string> {
  assertUnixSeconds(opts.timestamp);
  // Receivers dedupe on webhook-id and may check freshness, so both go out whatever
  // the signature scheme.
  const own: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": opts.userAgent,
    "webhook-id": opts.msgId,
    "webhook-timestamp": String(opts.timestamp),
  };
  if (opts.scheme === "STANDARD") {
    own["webhook-signature"] = signStandard(opts);
  } else {
    const secret = opts.secrets[0];
    if (secret === undefined) throw new SigningSecretError("at least one secret is required");
    const named: Array<[string, string]> = [
      [opts.hexHeaderName ?? DEFAULT_HEX_SIGNATURE_HEADER, signHex(opts.body, secret)],
    ];
    if (opts.hexTimestampHeaderName) {
      named.push([opts.hexTimestampHeaderName, String(opts.timestamp)]);
    }
    for (const [name, value] of named) {
      if (!HEADER_NAME.test(name) || isReservedHeaderName(name) || hasHeader(own, name)) {
        throw new TypeError(`cannot use "${name}" as a signature or timestamp header`);
      }
      own[name] = value;
    }
  }

  // Invalid custom headers are dropped rather than thrown: one bad header must not fail
  // every delivery to the endpoint (the API validates them on input).
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(opts.customHeaders ?? {})) {
    if (isReservedHeaderName(name) || hasHeader(own, name) || hasHeader(headers, name)) continue;
    if (!HEADER_NAME.test(name) || BAD_HEADER_VALUE.test(value)) continue;
    headers[name] = value;
  }
  return Object.assign(headers, own);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((key) => key.toLowerCase() === lower);
}

const REDACTED = "[redacted]";
const SIGNATURE_VALUE = /^(v1,|sha256=)/i;

/**
 * A copy safe for the attempt log: signature values are secret-derived, so they are
 * replaced whether recognised by header name or by value shape.
 */
export function redactHeaders(
  headers: Record<string, string>,
  extraNames: readonly string[] = [],
): Record<string, string> {
  const extra = new Set(extraNames.map((n) => n.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const secretDerived =
      lower.includes("signature") || extra.has(lower) || SIGNATURE_VALUE.test(value);
    out[name] = secretDerived ? REDACTED : value;
  }
  return out;
}
