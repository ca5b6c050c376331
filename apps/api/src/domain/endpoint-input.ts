// Validation of endpoint settings, shared by createEndpoint, updateEndpoint and
// registerAgentWebhook. Every problem is reported with its field path; nothing is written
// unless all of them pass.
import {
  createDestinationGuard,
  type DestinationGuard,
  formatRetrySchedule,
  isReservedHeaderName,
  parseRetrySchedule,
} from "@herald/worker";
import ipaddr from "ipaddr.js";
import type { FieldError } from "../graphql/errors.js";
import { EVENT_TYPE_NAME, EVENT_TYPE_PATTERN, unknownSubscriptions } from "./event-types.js";

export const MAX_URL_LENGTH = 2048;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
const CHANNEL = /^[A-Za-z0-9_.:-]{1,128}$/;
const FORBIDDEN_HEADERS = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "content-type",
  "content-encoding",
  "user-agent",
  "expect",
]);
const FORBIDDEN_HEADER_PREFIXES = ["webhook-", "svix-", "x-herald-"];

/** Headers an endpoint may not set: ours, hop-by-hop, and any the signer refuses. */
function isReserved(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    FORBIDDEN_HEADERS.has(lower) ||
    FORBIDDEN_HEADER_PREFIXES.some((p) => lower.startsWith(p)) ||
    isReservedHeaderName(name)
  );
}

export interface EndpointSettings {
  url?: string;
  description?: string | null;
  eventTypes?: string[] | null;
  channels?: string[] | null;
  headers?: { name: string; value: string }[] | null;
  rateLimit?: number | null;
  retrySchedule?: string | null;
  timeoutSeconds?: number | null;
  signatureScheme?: "STANDARD" | "HMAC_SHA256_HEX" | null;
  signatureHeader?: string | null;
}

export interface NormalisedSettings {
  url?: string;
  description?: string;
  eventTypes?: string[];
  channels?: string[];
  headers?: Record<string, string>;
  rateLimit?: number | null;
  retrySchedule?: string | null;
  timeoutMs?: number;
  signatureScheme?: "STANDARD" | "HMAC_SHA256_HEX";
  signatureHeader?: string | null;
}

function inCidrs(address: ipaddr.IPv4 | ipaddr.IPv6, cidrs: string[]): boolean {
  const addr =
    address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
      ? (address as ipaddr.IPv6).toIPv4Address()
      : address;
  return cidrs.some((cidr) => {
    try {
      const [range, bits] = cidr.includes("/")
        ? ipaddr.parseCIDR(cidr)
        : (() => {
            const a = ipaddr.parse(cidr);
            return [a, a.kind() === "ipv4" ? 32 : 128] as const;
          })();
      return addr.kind() === range.kind() && addr.match(range, bits);
    } catch {
      return false;
    }
  });
}

const guards = new Map<string, DestinationGuard>();
function guardFor(allowPrivate: string[]): DestinationGuard {
  const key = allowPrivate.join(",");
  let guard = guards.get(key);
  if (!guard) {
    guard = createDestinationGuard({ allowPrivate });
    guards.set(key, guard);
  }
  return guard;
}

/**
 * Checks a destination URL: https anywhere public, http and private addresses only if
 * allowed. Literal addresses are judged by the same guard that deliveries dial through.
 */
export function checkDestinationUrl(raw: string, allowPrivate: string[]): string | undefined {
  if (raw.length > MAX_URL_LENGTH) return `url is longer than ${MAX_URL_LENGTH} characters`;
  // The URL parser strips tabs and newlines and trims spaces, so the stored string would not be
  // the URL that was checked (and Postgres rejects NUL outright).
  if (/[\s\p{Cc}]/u.test(raw)) return "url must not contain spaces or control characters";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "url is not a valid absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "url must use https";
  if (url.hash) return "url must not have a #fragment";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (url.protocol === "http:") {
    const literal = ipaddr.isValid(host) ? ipaddr.process(host) : undefined;
    const address = literal ?? (host === "localhost" ? ipaddr.parse("127.0.0.1") : undefined);
    if (!address || !inCidrs(address, allowPrivate)) {
      return "url must use https (http is only allowed to hosts in HERALD_ALLOW_PRIVATE_DESTINATIONS)";
    }
  }
  // `localhost` names loopback by definition (RFC 6761), whatever DNS says later.
  const isLocalhost = host === "localhost" || host.endsWith(".localhost");
  if (isLocalhost && !guardFor(allowPrivate).checkAddress("127.0.0.1").ok) {
    return "url points to a private or reserved address, which deliveries may not reach";
  }
  const verdict = guardFor(allowPrivate).checkUrl(url);
  if (!verdict.ok) {
    return verdict.code === "invalid_url"
      ? "url is not a valid destination"
      : "url points to a private or reserved address, which deliveries may not reach";
  }
  return undefined;
}

export function validateEndpointSettings(
  input: EndpointSettings,
  context: { allowPrivate: string[]; knownEventTypes: string[]; path: string[] },
): { settings: NormalisedSettings; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const at = (field: string, message: string) =>
    errors.push({ path: [...context.path, field], message });
  const out: NormalisedSettings = {};

  if (input.url !== undefined) {
    const problem = checkDestinationUrl(input.url, context.allowPrivate);
    if (problem) at("url", problem);
    else out.url = input.url;
  }
  if (input.description !== undefined) {
    const d = input.description ?? "";
    if (d.length > 1000) at("description", "description is over 1000 characters");
    out.description = d;
  }
  if (input.eventTypes !== undefined) {
    const types = [...new Set(input.eventTypes ?? [])];
    if (types.length > 100) at("eventTypes", "at most 100 event types");
    const malformed = types.filter((t) => !EVENT_TYPE_NAME.test(t) && !EVENT_TYPE_PATTERN.test(t));
    if (malformed.length) at("eventTypes", `not an event type or pattern: ${malformed.join(", ")}`);
    const unknown = unknownSubscriptions(
      types.filter((t) => !malformed.includes(t)),
      context.knownEventTypes,
    );
    if (unknown.length) at("eventTypes", `unknown event type: ${unknown.join(", ")}`);
    out.eventTypes = types;
  }
  if (input.channels !== undefined) {
    const channels = [...new Set(input.channels ?? [])];
    if (channels.length > 10) at("channels", "at most 10 channels");
    const bad = channels.filter((c) => !CHANNEL.test(c));
    if (bad.length) at("channels", `invalid channel name: ${bad.join(", ")}`);
    out.channels = channels;
  }
  if (input.headers !== undefined) {
    const headers: Record<string, string> = {};
    const list = input.headers ?? [];
    if (list.length > 20) at("headers", "at most 20 custom headers");
    for (const { name, value } of list) {
      const lower = name.toLowerCase();
      if (!HEADER_NAME.test(name)) at("headers", `invalid header name: ${JSON.stringify(name)}`);
      else if (isReserved(name)) {
        at("headers", `header ${name} is reserved and cannot be set`);
      } else if (/[\r\n\0]/.test(value) || value.length > 4096) {
        at("headers", `invalid value for header ${name}`);
      } else headers[lower] = value;
    }
    out.headers = headers;
  }
  if (input.rateLimit !== undefined) {
    const r = input.rateLimit;
    if (r !== null && (!Number.isInteger(r) || r < 1 || r > 100_000)) {
      at("rateLimit", "rateLimit must be 1 to 100000 deliveries per second");
    }
    out.rateLimit = r ?? null;
  }
  if (input.retrySchedule !== undefined) {
    if (input.retrySchedule === null || input.retrySchedule.trim() === "") out.retrySchedule = null;
    else {
      try {
        out.retrySchedule = formatRetrySchedule(parseRetrySchedule(input.retrySchedule));
      } catch (error) {
        at("retrySchedule", (error as Error).message);
      }
    }
  }
  if (input.timeoutSeconds !== undefined && input.timeoutSeconds !== null) {
    const s = input.timeoutSeconds;
    if (!Number.isInteger(s) || s < 1 || s > 30)
      at("timeoutSeconds", "timeoutSeconds must be 1 to 30");
    else out.timeoutMs = s * 1000;
  }
  if (input.signatureScheme !== undefined && input.signatureScheme !== null) {
    out.signatureScheme = input.signatureScheme;
  }
  if (input.signatureHeader !== undefined) {
    const h = input.signatureHeader;
    if (h !== null && (!HEADER_NAME.test(h) || isReserved(h))) {
      at("signatureHeader", "signatureHeader must be a valid, non-reserved header name");
    }
    out.signatureHeader = h ?? null;
  }
  return { settings: out, errors };
}
