// Verifies an inbound trigger request signed the Standard Webhooks way, over the raw bytes,
// in constant time, within a ±5 minute window. Accepts webhook-* and svix-* headers.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { parseSigningSecret } from "@herald/worker";

export const TRIGGER_TOLERANCE_SECONDS = 5 * 60;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[`webhook-${name}`] ?? headers[`svix-${name}`];
  return Array.isArray(value) ? value[0] : value;
}

export function requestId(headers: IncomingHttpHeaders): string | undefined {
  return header(headers, "id");
}

export function verifyTriggerSignature(
  body: Buffer,
  headers: IncomingHttpHeaders,
  secrets: string[],
  now = Date.now(),
): boolean {
  const id = header(headers, "id");
  const timestamp = header(headers, "timestamp");
  const signatures = header(headers, "signature");
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > TRIGGER_TOLERANCE_SECONDS) return false;
  const candidates = signatures
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .map((s) => Buffer.from(s.slice(3), "base64"));
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac("sha256", parseSigningSecret(secret))
      .update(`${id}.${timestamp}.`)
      .update(body)
      .digest();
    for (const candidate of candidates) {
      // Compare every pair, so timing does not tell which secret or signature matched.
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) ok = true;
    }
  }
  return ok;
}
