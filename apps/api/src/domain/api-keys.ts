// Issuing API keys: random, prefixed, shown once, stored as a hash.
import { type Executor, generateApiKey, newId, tables } from "@herald/db";

export async function createApiKeyRow(
  tx: Executor,
  input: { tenantId: string; name: string; agentId: string | null },
) {
  const { key, hash, displayPrefix } = generateApiKey();
  const [row] = await tx
    .insert(tables.apiKeys)
    .values({
      id: newId("apiKey"),
      tenantId: input.tenantId,
      name: input.name,
      scope: input.agentId ? "agent" : "tenant",
      agentId: input.agentId,
      keyHash: hash,
      keyPrefix: displayPrefix,
    })
    .returning();
  return { key, row: row! };
}
