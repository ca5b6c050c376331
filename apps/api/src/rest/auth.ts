// REST authentication and the per-request tenant transaction.
import { setTenant, type Tx } from "@herald/db";
import { AuthenticationError, authenticate } from "../auth.js";
import type { Auth } from "../context.js";
import { problems } from "../http/problem.js";
import type { RouteContext } from "../http/server.js";

export type MemberAuth = Extract<Auth, { kind: "tenant" | "agent" }>;

export async function requireMember(ctx: RouteContext): Promise<MemberAuth> {
  let auth: Auth;
  try {
    auth = await authenticate(ctx.services, ctx.req.headers.authorization);
  } catch (error) {
    if (error instanceof AuthenticationError) throw problems.unauthorized(error.message);
    throw error;
  }
  if (auth.kind === "anonymous") throw problems.unauthorized();
  if (auth.kind === "admin") throw problems.forbidden("the admin key may only create tenants");
  return auth;
}

export function inTenant<T>(ctx: RouteContext, tenantId: string, fn: (tx: Tx) => Promise<T>) {
  return ctx.services.db.transaction(async (tx) => {
    await setTenant(tx, tenantId);
    return fn(tx);
  });
}

/** Parses a JSON body (at most `limit` bytes); 400 on anything else. */
export async function jsonBody(ctx: RouteContext, limit?: number): Promise<unknown> {
  const type = ctx.req.headers["content-type"] ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw problems.unsupportedMediaType();
  return parseJson(await ctx.body(limit));
}

/** JSON that PostgreSQL can store: jsonb has no room for the NUL character. */
export function parseJson(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  if (text.includes("\\u0000") || text.includes("\0")) {
    throw problems.badRequest(
      "the body contains a NUL character (\\u0000), which cannot be stored",
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw problems.badRequest("the body is not valid JSON");
  }
}

export function zodProblems(issues: { path: PropertyKey[]; message: string }[]) {
  return issues.map((i) => ({ path: `/${i.path.map(String).join("/")}`, message: i.message }));
}
