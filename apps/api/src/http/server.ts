// The HTTP front door: GraphQL, the REST data plane, health and metrics on one node:http
// server. Bodies are read here, with the size limit enforced by counting bytes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { buildOpenApiDocument } from "@herald/schema";
import { type Metrics, metrics } from "@herald/worker";
import { sql } from "drizzle-orm";
import type { Services } from "../context.js";
import { createGraphQLServer } from "../graphql/yoga.js";
import { BodyTooLargeError, MAX_BODY_BYTES, readBody } from "./body.js";
import { ProblemError, problems, sendJson, sendProblem } from "./problem.js";

export interface RouteContext {
  services: Services;
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  url: URL;
  /** Reads the body (at most `limit` bytes, 1 MiB by default). */
  body(limit?: number): Promise<Buffer>;
}

export interface Route {
  method: string;
  path: string;
  handler(ctx: RouteContext): Promise<void>;
}

function compile(path: string) {
  const names: string[] = [];
  const pattern = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { regex: new RegExp(`^${pattern}$`), names };
}

export interface ApiServer {
  server: Server;
  metrics: Metrics;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createApiServer(services: Services, routes: Route[] = []): ApiServer {
  const yoga = createGraphQLServer(services);
  const countRequest = metrics.counter("herald_http_requests_total", "HTTP requests served");
  const compiled = routes.map((r) => ({ ...r, ...compile(r.path) }));
  const openapi = JSON.stringify(buildOpenApiDocument());

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL) {
    const body =
      req.method === "GET" || req.method === "HEAD"
        ? undefined
        : await readBody(req, MAX_BODY_BYTES);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === "string") headers.set(k, v);
      else if (Array.isArray(v)) headers.set(k, v.join(", "));
    }
    const response = await yoga.fetch(
      new Request(url, {
        method: req.method ?? "GET",
        headers,
        body: body ? new Uint8Array(body) : null,
      }),
    );
    const out = Buffer.from(await response.arrayBuffer());
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    responseHeaders["content-length"] = String(out.length);
    res.writeHead(response.status, responseHeaders);
    res.end(out);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    const method = req.method ?? "GET";
    try {
      if (url.pathname === "/graphql") {
        countRequest({ route: "/graphql" });
        return await graphql(req, res, url);
      }
      if (url.pathname === "/healthz" && method === "GET") {
        try {
          await services.db.execute(sql`select 1`);
          return sendJson(res, 200, { status: "ok", database: "ok" });
        } catch {
          return sendJson(res, 503, { status: "unavailable", database: "unreachable" });
        }
      }
      if (url.pathname === "/openapi.json" && method === "GET") {
        res.writeHead(200, {
          "content-type": "application/json",
          "access-control-allow-origin": "*",
        });
        return res.end(openapi);
      }
      if (url.pathname === "/metrics" && method === "GET") {
        const text = metrics.render();
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
        return res.end(text);
      }
      let pathMatched = false;
      for (const route of compiled) {
        const m = route.regex.exec(url.pathname);
        if (!m) continue;
        pathMatched = true;
        if (route.method !== method) continue;
        const params = Object.fromEntries(
          route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]),
        );
        countRequest({ route: route.path });
        return await route.handler({
          services,
          req,
          res,
          params,
          url,
          body: (limit = MAX_BODY_BYTES) => readBody(req, limit),
        });
      }
      throw pathMatched
        ? new ProblemError(405, "method_not_allowed", "Method not allowed")
        : problems.notFound(`no route for ${method} ${url.pathname}`);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BodyTooLargeError) {
        res.setHeader("connection", "close");
        return sendProblem(res, problems.tooLarge(error.message));
      }
      if (error instanceof ProblemError) return sendProblem(res, error);
      services.log.error("http.unexpected_error", { method, path: url.pathname, error });
      return sendProblem(res, new ProblemError(500, "internal_error", "Internal server error"));
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  return {
    server,
    metrics,
    listen: (port, host = "0.0.0.0") =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === "object" && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
