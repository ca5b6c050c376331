// One HTTP POST of a webhook to an untrusted receiver: SSRF-guarded, bounded in time
// and in what it reads back, never following redirects, never throwing for network
// failures (they become a SendResult the attempt log can store and show).
import { Agent, request } from "undici";
import { parseRetryAfter } from "./retry-schedule.js";
import { DESTINATION_BLOCKED_MESSAGE, type DestinationGuard } from "./ssrf-guard.js";

export const MAX_RESPONSE_BYTES = 20 * 1024;
export const DEFAULT_USER_AGENT = "Herald-Webhooks";

export type SendErrorCode =
  | "destination_blocked"
  | "invalid_url"
  | "timeout"
  | "connection_error"
  | "http_error";

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface SendResult {
  /** A 2xx status arrived within the deadline. */
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  /** At most MAX_RESPONSE_BYTES of the response, decoded as UTF-8. */
  responseBody: string;
  responseTruncated: boolean;
  /** From Retry-After on 429/503 only. */
  retryAfterMs: number | null;
  errorCode: SendErrorCode | null;
  /** Safe to show the customer: no internal addresses or stack traces. */
  error: string | null;
}

export interface Sender {
  send(req: SendRequest): Promise<SendResult>;
  close(): Promise<void>;
}

export interface SenderOptions {
  guard: DestinationGuard;
  /** Used when the request's headers carry no user-agent. */
  userAgent?: string;
  /** Per origin, so one slow receiver cannot take every socket. */
  maxConnectionsPerOrigin?: number;
  /** TCP + TLS handshake limit; each request's own deadline still applies. */
  connectTimeoutMs?: number;
}

export function createSender(opts: SenderOptions): Sender {
  const { guard, userAgent = DEFAULT_USER_AGENT } = opts;
  const agent = new Agent({
    connections: opts.maxConnectionsPerOrigin ?? 32,
    // Pipelining to untrusted receivers lets one slow response stall the others.
    pipelining: 1,
    connect: { lookup: guard.lookup, timeout: opts.connectTimeoutMs ?? 10_000 },
  });

  async function send(req: SendRequest): Promise<SendResult> {
    if (!(req.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive: ${req.timeoutMs}`);
    const started = performance.now();
    const result = (fields: Partial<SendResult>): SendResult => ({
      ok: false,
      statusCode: null,
      durationMs: Math.round(performance.now() - started),
      responseBody: "",
      responseTruncated: false,
      retryAfterMs: null,
      errorCode: null,
      error: null,
      ...fields,
    });

    const verdict = guard.checkUrl(req.url);
    if (!verdict.ok) return result({ errorCode: verdict.code, error: verdict.reason });
    const { url } = verdict;

    const headers = { ...req.headers };
    if (!hasHeader(headers, "user-agent")) headers["user-agent"] = userAgent;
    // undici drops URL userinfo silently; receivers that put credentials in the URL
    // expect Basic auth, as curl and browsers send.
    if ((url.username || url.password) && !hasHeader(headers, "authorization")) {
      const userinfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.authorization = `Basic ${Buffer.from(userinfo).toString("base64")}`;
    }
    url.username = "";
    url.password = "";

    let statusCode: number | null = null;
    try {
      const res = await request(url, {
        dispatcher: agent,
        method: "POST",
        headers,
        body: req.body,
        signal: AbortSignal.timeout(req.timeoutMs),
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      statusCode = res.statusCode;
      // The excerpt is only for the log: once a status arrived, a receiver that stalls
      // or resets mid-body has still answered, so read errors only mark it truncated.
      const excerpt = await readExcerpt(res.body);
      const ok = statusCode >= 200 && statusCode < 300;
      const retryAfter = firstHeader(res.headers["retry-after"]);
      return result({
        ok,
        statusCode,
        responseBody: excerpt.text,
        responseTruncated: excerpt.truncated,
        retryAfterMs: statusCode === 429 || statusCode === 503 ? parseRetryAfter(retryAfter) : null,
        errorCode: ok ? null : "http_error",
        error: ok ? null : `receiver responded with HTTP ${statusCode}`,
      });
    } catch (error) {
      return result({ statusCode, ...describeFailure(error, req.timeoutMs) });
    }
  }

  return { send, close: () => agent.close() };
}

async function readExcerpt(
  body: AsyncIterable<Buffer>,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    // Leaving the loop early destroys the stream, which frees the connection slot; an
    // unread body would hold it and stall the pool.
    for await (const chunk of body) {
      const room = MAX_RESPONSE_BYTES - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch {
    truncated = true;
  }
  // Streaming mode holds back a multi-byte character cut at the limit instead of
  // ending the excerpt with U+FFFD.
  const text = new TextDecoder().decode(Buffer.concat(chunks, size), { stream: truncated });
  return { text, truncated };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
  "TimeoutError",
]);

const CONNECTION_MESSAGES: Record<string, string> = {
  ENOTFOUND: "could not resolve host",
  EAI_NONAME: "could not resolve host",
  EAI_FAIL: "could not resolve host",
  EAI_AGAIN: "temporary failure resolving host",
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by receiver",
  EPIPE: "connection reset by receiver",
  UND_ERR_SOCKET: "receiver closed the connection",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_INVALID_ARG: "request could not be sent (invalid header or URL)",
  UND_ERR_NOT_SUPPORTED: "request could not be sent (unsupported header)",
};

/** Codes and names along the cause chain, outermost first. */
function errorCodes(error: unknown, seen = new Set<unknown>()): string[] {
  if (typeof error !== "object" || error === null || seen.has(error)) return [];
  seen.add(error);
  const { code, name, cause, errors } = error as {
    code?: unknown;
    name?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  const own = [code, name].filter((x): x is string => typeof x === "string");
  const nested = [cause, ...(Array.isArray(errors) ? errors : [])];
  return [...own, ...nested.flatMap((e) => errorCodes(e, seen))];
}

// Raw Node/undici messages carry addresses ("connect ECONNREFUSED 10.0.0.5:80"), so
// customers get a fixed phrase per failure class instead.
function describeFailure(
  error: unknown,
  timeoutMs: number,
): Pick<SendResult, "errorCode" | "error"> {
  const codes = errorCodes(error);
  if (codes.includes("destination_blocked")) {
    return { errorCode: "destination_blocked", error: DESTINATION_BLOCKED_MESSAGE };
  }
  if (codes.some((c) => TIMEOUT_CODES.has(c))) {
    return { errorCode: "timeout", error: `no response within ${timeoutMs} ms` };
  }
  for (const code of codes) {
    const message = CONNECTION_MESSAGES[code];
    if (message) return { errorCode: "connection_error", error: message };
    if (/CERT|TLS|SSL|UNABLE_TO_/.test(code)) {
      return { errorCode: "connection_error", error: `TLS handshake failed (${code})` };
    }
  }
  return { errorCode: "connection_error", error: "connection failed" };
}
