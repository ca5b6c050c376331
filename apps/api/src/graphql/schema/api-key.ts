// API keys: issue (shown once) and revoke. Agent-scoped keys are bound to one agent.
import { tables } from "@herald/db";
import { and, eq, isNull } from "drizzle-orm";
import { createApiKeyRow } from "../../domain/api-keys.js";
import { builder } from "../builder.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { requireTenantKey } from "../guards.js";

const ApiKeyScope = builder.enumType("ApiKeyScope", { values: ["TENANT", "AGENT"] as const });

export const ApiKeyRef = builder.drizzleNode("apiKeys", {
  name: "ApiKey",
  id: { column: (k) => k.id },
  authScopes: { tenantKey: true },
  fields: (t) => ({
    name: t.exposeString("name"),
    scope: t.field({
      type: ApiKeyScope,
      resolve: (k) => (k.scope === "agent" ? "AGENT" : "TENANT"),
    }),
    agentId: t.exposeString("agentId", { nullable: true }),
    keyPrefix: t.exposeString("keyPrefix", { description: "The first characters of the key." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});

const CreateApiKeyInput = builder.inputType("CreateApiKeyInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    scope: t.field({ type: ApiKeyScope, defaultValue: "TENANT" }),
    agentId: t.string({ description: "Required for scope AGENT: the agent the key acts as." }),
  }),
});

const CreateApiKeyPayload = builder
  .objectRef<{ apiKey: typeof tables.apiKeys.$inferSelect; key: string }>("CreateApiKeyPayload")
  .implement({
    fields: (t) => ({
      apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }),
      key: t.exposeString("key", { description: "The secret key. Shown once." }),
    }),
  });

builder.mutationField("createApiKey", (t) =>
  t.field({
    type: CreateApiKeyPayload,
    authScopes: { member: true },
    errors: { types: [ValidationError, ForbiddenError, NotFoundError] },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = requireTenantKey(ctx);
      const name = input.name.trim();
      if (name.length < 1 || name.length > 200) {
        throw ValidationError.field(["input", "name"], "name must be 1 to 200 characters");
      }
      let agentId: string | null = null;
      if (input.scope === "AGENT") {
        if (!input.agentId) {
          throw ValidationError.field(["input", "agentId"], "scope AGENT needs an agentId");
        }
        const [agent] = await ctx.db
          .select({ id: tables.agents.id })
          .from(tables.agents)
          .where(and(eq(tables.agents.tenantId, tenantId), eq(tables.agents.id, input.agentId)));
        if (!agent) throw new NotFoundError("Agent", input.agentId);
        agentId = agent.id;
      } else if (input.agentId) {
        throw ValidationError.field(["input", "agentId"], "agentId goes with scope AGENT");
      }
      const { key, row } = await createApiKeyRow(ctx.db, { tenantId, name, agentId });
      ctx.services.log.info("api_key.created", { tenantId, keyId: row.id, scope: row.scope });
      return { apiKey: row, key };
    },
  }),
);

const RevokeApiKeyPayload = builder
  .objectRef<{ apiKey: typeof tables.apiKeys.$inferSelect }>("RevokeApiKeyPayload")
  .implement({
    fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }) }),
  });

builder.mutationField("revokeApiKey", (t) =>
  t.field({
    type: RevokeApiKeyPayload,
    authScopes: { member: true },
    errors: { types: [ForbiddenError, NotFoundError] },
    args: {
      input: t.arg({
        type: builder.inputType("RevokeApiKeyInput", {
          fields: (f) => ({ id: f.id({ required: true }) }),
        }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = requireTenantKey(ctx);
      const id = String(input.id);
      const [row] = await ctx.db
        .update(tables.apiKeys)
        .set({ revokedAt: new Date() })
        .where(
          and(
            eq(tables.apiKeys.tenantId, tenantId),
            eq(tables.apiKeys.id, id),
            isNull(tables.apiKeys.revokedAt),
          ),
        )
        .returning();
      if (!row) throw new NotFoundError("ApiKey", id);
      ctx.services.log.info("api_key.revoked", { tenantId, keyId: id });
      return { apiKey: row };
    },
  }),
);
