// Turns an `Authorization: Bearer` header into who is calling. API keys are looked up by
// their SHA-256; row-level security lets the lookup see only the row with that hash.
import { createHash, timingSafeEqual } from "node:crypto";
import { hashApiKey } from "@herald/db";
import { sql } from "drizzle-orm";
import type { Auth, Services } from "./context.js";

export class AuthenticationError extends Error {
  override name = "AuthenticationError";
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AuthenticationError("Authorization must be `Bearer <api key>`");
  return match[1];
}

export async function authenticate(
  services: Services,
  header: string | null | undefined,
): Promise<Auth> {
  const token = bearerToken(header);
  if (!token) return { kind: "anonymous" };
  if (services.adminKey && sameSecret(token, services.adminKey)) return { kind: "admin" };
  const hash = hashApiKey(token);
  // One statement: the function sets the hash the api_keys policy reads, then looks it up.
  const rows = await services.db.execute<{
    key: { id: string; tenantId: string; scope: "tenant" | "agent"; agentId: string | null } | null;
  }>(sql`select herald_authenticate(${hash}) as key`);
  const row = rows[0]?.key;
  if (!row) throw new AuthenticationError("the API key is invalid or revoked");
  if (row.scope === "agent" && row.agentId) {
    return { kind: "agent", tenantId: row.tenantId, keyId: row.id, agentId: row.agentId };
  }
  return { kind: "tenant", tenantId: row.tenantId, keyId: row.id };
}
