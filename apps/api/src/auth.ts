// Turns an `Authorization: Bearer` header into who is calling. API keys are looked up by
// their SHA-256; row-level security lets the lookup see only the row with that hash.
import { createHash, timingSafeEqual } from "node:crypto";
import { hashApiKey, tables } from "@herald/db";
import { and, eq, isNull, sql } from "drizzle-orm";
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
  const row = await services.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.api_key_hash', ${hash}, true)`);
    const [key] = await tx
      .select({
        id: tables.apiKeys.id,
        tenantId: tables.apiKeys.tenantId,
        scope: tables.apiKeys.scope,
        agentId: tables.apiKeys.agentId,
      })
      .from(tables.apiKeys)
      .where(and(eq(tables.apiKeys.keyHash, hash), isNull(tables.apiKeys.revokedAt)))
      .limit(1);
    return key;
  });
  if (!row) throw new AuthenticationError("the API key is invalid or revoked");
  if (row.scope === "agent" && row.agentId) {
    return { kind: "agent", tenantId: row.tenantId, keyId: row.id, agentId: row.agentId };
  }
  return { kind: "tenant", tenantId: row.tenantId, keyId: row.id };
}
