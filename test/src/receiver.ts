// A real HTTP receiver on 127.0.0.1 that records every request and answers as told.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export type Responder = (
  req: Received,
  index: number,
) =>
  | { status: number; body?: string; headers?: Record<string, string> }
  | "hang"
  | Promise<{ status: number; body?: string } | "hang">;

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  respond(responder: Responder): void;
  /** Resolves when `count` requests have arrived (optionally on one path). */
  waitFor(count: number, options?: { path?: string; timeoutMs?: number }): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(
  responder: Responder = () => ({ status: 200, body: "ok" }),
): Promise<Receiver> {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  let current = responder;
  const waiters: (() => void)[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const entry: Received = {
      path: req.url ?? "/",
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      body: Buffer.concat(chunks).toString("utf8"),
      at: Date.now(),
    };
    received.push(entry);
    for (const w of waiters.splice(0)) w();
    const answer = await current(entry, received.length - 1);
    if (answer === "hang") {
      hanging.add(res);
      return;
    }
    res.writeHead(answer.status, {
      "content-type": "text/plain",
      ...(answer as { headers?: Record<string, string> }).headers,
    });
    res.end(answer.body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    respond(r) {
      current = r;
    },
    async waitFor(count, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 20_000);
      const matching = () => received.filter((r) => !options.path || r.path === options.path);
      while (matching().length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `receiver got ${matching().length} of ${count} requests${options.path ? ` on ${options.path}` : ""}`,
          );
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return matching();
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function waitUntil<T>(
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Answer = Exclude<Awaited<ReturnType<Responder>>, "hang"> | "hang";

/**
 * A responder that answers by path, each path with its own request counter, so one
 * receiver can play several endpoints. Paths without a route get 200 "ok".
 */
export function byPath(routes: Record<string, (req: Received, index: number) => Answer>) {
  const counts = new Map<string, number>();
  const responder: Responder = (req) => {
    const n = counts.get(req.path) ?? 0;
    counts.set(req.path, n + 1);
    const route = routes[req.path];
    return route ? route(req, n) : { status: 200, body: "ok" };
  };
  return responder;
}

/** Answers in sequence (the last answer repeats). */
export function sequence(...answers: Answer[]) {
  return (_req: Received, index: number): Answer =>
    answers[Math.min(index, answers.length - 1)] as Answer;
}
