// Real HTTP servers on 127.0.0.1; only 127.0.0.1 is ever contacted (asserted through
// undici's diagnostics channels).
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSender, MAX_RESPONSE_BYTES, type Sender } from "./send.js";
import { createDestinationGuard } from "./ssrf-guard.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Receiver {
  url: string;
  port: number;
  requests: Array<{ url: string; headers: IncomingMessage["headers"]; body: string }>;
  connections: number;
  handle: Handler;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const server: Server = createServer();
  const receiver: Receiver = {
    url: "",
    port: 0,
    requests: [],
    connections: 0,
    handle: (_req, res) => res.end("ok"),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on("connection", () => receiver.connections++);
  server.on("request", (req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      receiver.requests.push({ url: req.url ?? "", headers: req.headers, body });
      receiver.handle(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}

// Every host undici starts a connection to, and the peer address of every connection
// it completes.
const attempted: string[] = [];
const connected: string[] = [];
const onBeforeConnect = (m: unknown) =>
  attempted.push((m as { connectParams: { hostname: string } }).connectParams.hostname);
const onConnected = (m: unknown) =>
  connected.push((m as { socket: { remoteAddress?: string } }).socket.remoteAddress ?? "?");

let receiver: Receiver;
beforeAll(() => {
  subscribe("undici:client:beforeConnect", onBeforeConnect);
  subscribe("undici:client:connected", onConnected);
});
afterAll(() => {
  unsubscribe("undici:client:beforeConnect", onBeforeConnect);
  unsubscribe("undici:client:connected", onConnected);
  // Nothing in this file may leave the machine.
  const loopback = ["127.0.0.1", "::ffff:127.0.0.1"];
  expect(connected.filter((host) => !loopback.includes(host))).toEqual([]);
});
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const headers = { "content-type": "application/json", "webhook-id": "msg_1" };
const body = '{"type":"run.completed"}';

describe("send to an allowed receiver", () => {
  let sender: Sender;
  beforeAll(() => {
    sender = createSender({
      guard: createDestinationGuard({ allowPrivate: ["127.0.0.0/8"] }),
      userAgent: "Herald-Webhooks/test",
      maxConnectionsPerOrigin: 1,
    });
  });
  afterAll(() => sender.close());

  it("delivers a POST and reports 2xx as ok", async () => {
    receiver.handle = (_req, res) => res.writeHead(204).end();
    const result = await sender.send({
      url: `${receiver.url}/hook?x=1`,
      headers,
      body,
      timeoutMs: 2000,
    });
    expect(result).toMatchObject({
      ok: true,
      statusCode: 204,
      responseBody: "",
      responseTruncated: false,
      retryAfterMs: null,
      errorCode: null,
      error: null,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request).toMatchObject({ url: "/hook?x=1", body });
    expect(request?.headers).toMatchObject({
      "content-type": "application/json",
      "webhook-id": "msg_1",
      "user-agent": "Herald-Webhooks/test",
      "content-length": String(body.length),
    });
  });

  it("records a 500 with its body excerpt", async () => {
    receiver.handle = (_req, res) => res.writeHead(500).end("database on fire");
    const result = await sender.send({ url: receiver.url, headers, body, timeoutMs: 2000 });
    expect(result).toMatchObject({
      ok: false,
      statusCode: 500,
      responseBody: "database on fire",
      responseTruncated: false,
      errorCode: "http_error",
      error: "receiver responded with HTTP 500",
    });
  });

  it("truncates a 100 KiB response to 20 KiB without stalling the pool", async () => {
    receiver.handle = (req, res) => res.end(req.url === "/big" ? "x".repeat(100 * 1024) : "small");
    const big = await sender.send({ url: `${receiver.url}/big`, headers, body, timeoutMs: 2000 });
    expect(big).toMatchObject({ ok: true, statusCode: 200, responseTruncated: true });
    expect(big.responseBody).toHaveLength(MAX_RESPONSE_BYTES);
    // One connection per origin: if the rest of the body were left unread, these would hang.
    for (let i = 0; i < 3; i++) {
      const next = await sender.send({ url: receiver.url, headers, body, timeoutMs: 1000 });
      expect(next).toMatchObject({ ok: true, responseBody: "small" });
    }
  });

  it("keeps a body of exactly 20 KiB whole, and never splits a character", async () => {
    receiver.handle = (req, res) =>
      res.end(req.url === "/exact" ? "y".repeat(MAX_RESPONSE_BYTES) : `a${"é".repeat(20_000)}`);
    const exact = await sender.send({
      url: `${receiver.url}/exact`,
      headers,
      body,
      timeoutMs: 2000,
    });
    expect(exact.responseTruncated).toBe(false);
    expect(exact.responseBody).toHaveLength(MAX_RESPONSE_BYTES);
    const cut = await sender.send({ url: receiver.url, headers, body, timeoutMs: 2000 });
    expect(cut.responseTruncated).toBe(true);
    expect(cut.responseBody.endsWith("é")).toBe(true);
    expect(Buffer.byteLength(cut.responseBody)).toBe(MAX_RESPONSE_BYTES - 1);
  });

  it("times out on a receiver that never answers", async () => {
    receiver.handle = () => {};
    const result = await sender.send({ url: receiver.url, headers, body, timeoutMs: 300 });
    expect(result).toMatchObject({
      ok: false,
      statusCode: null,
      errorCode: "timeout",
      error: "no response within 300 ms",
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(result.durationMs).toBeLessThan(1500);
  });

  it("counts a 2xx whose body then stalls as delivered", async () => {
    receiver.handle = (_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
    };
    const result = await sender.send({ url: receiver.url, headers, body, timeoutMs: 300 });
    expect(result).toMatchObject({
      ok: true,
      statusCode: 200,
      responseBody: "partial",
      responseTruncated: true,
    });
  });

  it("does not follow a redirect", async () => {
    receiver.handle = (_req, res) =>
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    const before = attempted.length;
    const result = await sender.send({ url: receiver.url, headers, body, timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: false, statusCode: 302, errorCode: "http_error" });
    expect(receiver.requests).toHaveLength(1);
    expect(attempted.slice(before).every((host) => host === "127.0.0.1")).toBe(true);
  });

  it.each([
    [429, { "retry-after": "7" }, 7000],
    [503, { "retry-after": new Date(Date.now() + 60_000).toUTCString() }, 60_000],
    [500, { "retry-after": "7" }, null],
    [429, {}, null],
  ])("reads Retry-After on %i", async (status, responseHeaders, expected) => {
    receiver.handle = (_req, res) => res.writeHead(status, responseHeaders).end();
    const result = await sender.send({ url: receiver.url, headers, body, timeoutMs: 2000 });
    expect(result.statusCode).toBe(status);
    if (expected === null || expected < 60_000) expect(result.retryAfterMs).toBe(expected);
    else expect(result.retryAfterMs).toBeGreaterThan(expected - 2000);
  });

  it("sends URL credentials as Basic auth", async () => {
    const url = `http://hook%40user:p%3Ass@127.0.0.1:${receiver.port}/`;
    await sender.send({ url, headers, body, timeoutMs: 2000 });
    const auth = receiver.requests[0]?.headers.authorization;
    expect(Buffer.from(auth!.replace("Basic ", ""), "base64").toString()).toBe("hook@user:p:ss");
  });

  it("reports a closed port without revealing the address", async () => {
    const closed = receiver.url;
    await receiver.close();
    const result = await sender.send({ url: closed, headers, body, timeoutMs: 2000 });
    expect(result).toMatchObject({
      ok: false,
      statusCode: null,
      errorCode: "connection_error",
      error: "connection refused",
    });
  });
});

describe("SSRF", () => {
  let sender: Sender;
  beforeAll(() => {
    sender = createSender({ guard: createDestinationGuard({ allowPrivate: [] }) });
  });
  afterAll(() => sender.close());

  const cases: Array<[string, "destination_blocked" | "invalid_url"]> = [
    ["http://127.0.0.1:PORT/", "destination_blocked"],
    ["https://127.0.0.1:PORT/", "destination_blocked"],
    ["http://127.1:PORT/", "destination_blocked"],
    ["http://127.0.0.1.:PORT/", "destination_blocked"],
    ["http://2130706433:PORT/", "destination_blocked"],
    ["http://0x7f000001:PORT/", "destination_blocked"],
    ["http://0x7f.1:PORT/", "destination_blocked"],
    ["http://0177.0.0.1:PORT/", "destination_blocked"],
    ["http://[::ffff:127.0.0.1]:PORT/", "destination_blocked"],
    ["http://[::ffff:7f00:1]:PORT/", "destination_blocked"],
    ["http://[::ffff:0:7f00:1]:PORT/", "destination_blocked"],
    ["http://[::1]:PORT/", "destination_blocked"],
    ["http://[::]:PORT/", "destination_blocked"],
    ["http://[::127.0.0.1]:PORT/", "destination_blocked"],
    ["http://localhost:PORT/", "destination_blocked"],
    ["http://LOCALHOST:PORT/", "destination_blocked"],
    ["http://user:pass@127.0.0.1:PORT/", "destination_blocked"],
    ["http://0.0.0.0:PORT/", "destination_blocked"],
    ["http://0:PORT/", "destination_blocked"],
    ["http://169.254.169.254/", "destination_blocked"],
    ["http://[::ffff:169.254.169.254]/", "destination_blocked"],
    ["http://[fd00:ec2::254]/", "destination_blocked"],
    ["http://100.100.100.200/", "destination_blocked"],
    ["http://192.0.0.192/", "destination_blocked"],
    ["http://168.63.129.16/", "destination_blocked"],
    ["http://100.64.0.1/", "destination_blocked"],
    ["http://10.0.0.1/", "destination_blocked"],
    ["http://172.16.0.1/", "destination_blocked"],
    ["http://192.168.1.1/", "destination_blocked"],
    ["http://198.18.0.1/", "destination_blocked"],
    ["http://224.0.0.1/", "destination_blocked"],
    ["http://255.255.255.255/", "destination_blocked"],
    ["http://[fc00::1]/", "destination_blocked"],
    ["http://[fe80::1]/", "destination_blocked"],
    ["http://[ff02::1]/", "destination_blocked"],
    ["http://[64:ff9b::7f00:1]/", "destination_blocked"],
    ["http://[64:ff9b:1::a9fe:a9fe]/", "destination_blocked"],
    ["http://[2002:7f00:1::]/", "destination_blocked"],
    ["http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "destination_blocked"],
    ["ftp://example.com/", "invalid_url"],
    ["file:///etc/passwd", "invalid_url"],
    ["gopher://127.0.0.1:PORT/", "invalid_url"],
    ["ws://127.0.0.1:PORT/", "invalid_url"],
    ["data:text/plain,hi", "invalid_url"],
    ["http://[fe80::1%25lo]:PORT/", "invalid_url"],
    ["http://", "invalid_url"],
    ["not a url", "invalid_url"],
  ];

  it.each(cases)("%s → %s, receiver untouched", async (template, code) => {
    const url = template.replace("PORT", String(receiver.port));
    const before = { attempted: attempted.length, connected: connected.length };
    const result = await sender.send({ url, headers, body, timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: false, statusCode: null, errorCode: code });
    expect(result.error).not.toMatch(/127\.|::|169\.254|localhost|\d+\.\d+\.\d+/i);
    expect(receiver.connections).toBe(0);
    expect(receiver.requests).toHaveLength(0);
    expect(connected.length).toBe(before.connected);
    // Literal addresses are refused before any socket exists; only a host name gets as
    // far as the (refusing) connect-time lookup.
    const hostname = attempted.slice(before.attempted);
    expect(hostname).toEqual(/localhost/i.test(url) ? ["localhost"] : []);
  });

  it("refuses a name when any of its addresses is forbidden, and dials the vetted one", async () => {
    const resolved: Record<string, string[]> = {
      "rebind.test": ["1.1.1.1", "127.0.0.1"],
      "receiver.test": ["127.0.0.1"],
    };
    const guarded = (allowPrivate: string[]) =>
      createSender({
        guard: createDestinationGuard({
          allowPrivate,
          resolve: async (host) =>
            (resolved[host] ?? []).map((address) => ({ address, family: 4 })),
        }),
      });

    const strict = guarded([]);
    const blocked = await strict.send({
      url: `http://rebind.test:${receiver.port}/`,
      headers,
      body,
      timeoutMs: 2000,
    });
    await strict.close();
    expect(blocked.errorCode).toBe("destination_blocked");
    expect(receiver.connections).toBe(0);

    const open = guarded(["127.0.0.0/8"]);
    const delivered = await open.send({
      url: `http://receiver.test:${receiver.port}/`,
      headers,
      body,
      timeoutMs: 2000,
    });
    await open.close();
    expect(delivered).toMatchObject({ ok: true, statusCode: 200 });
    expect(receiver.requests[0]?.headers.host).toBe(`receiver.test:${receiver.port}`);
  });

  it("reaches the local receiver when allowPrivate opens loopback", async () => {
    const open = createSender({ guard: createDestinationGuard({ allowPrivate: ["127.0.0.0/8"] }) });
    for (const host of ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"]) {
      const url = `http://${host}:${receiver.port}/`;
      expect(await open.send({ url, headers, body, timeoutMs: 2000 }), url).toMatchObject({
        ok: true,
        statusCode: 200,
      });
    }
    await open.close();
    expect(receiver.requests).toHaveLength(3);
  });
});
