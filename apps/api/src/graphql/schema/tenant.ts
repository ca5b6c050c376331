// Tenants and the `viewer` query: who the caller is.
import { generateSigningSecret, newId, setTenant, tables } from "@herald/db";
import { eq } from "drizzle-orm";
import { createApiKeyRow } from "../../domain/api-keys.js";
import { builder } from "../builder.js";
import { ValidationError } from "../errors.js";

export const TenantRef = builder.drizzleNode("tenants", {
  name: "Tenant",
  id: { column: (t) => t.id },
  fields: (t) => ({
    name: t.exposeString("name"),
    retrySchedule: t.exposeString("retrySchedule", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    runWebhookSecret: t.string({
      description: "Signs webhooks sent to runs' one-off `webhookUrl`s.",
      authScopes: { tenantKey: true },
      resolve: (tenant, _args, ctx) =>
        ctx.services.keyring.open(tenant.runWebhookSecret, tenant.runWebhookSecretKeyId),
    }),
  }),
});

const ViewerRef = builder
  .objectRef<{
    keyId: string;
    tenantId: string;
    scope: "TENANT" | "AGENT";
    agentId: string | null;
  }>("Viewer")
  .implement({
    description: "The API key making the request.",
    fields: (t) => ({
      keyId: t.exposeString("keyId"),
      scope: t.exposeString("scope"),
      agentId: t.exposeString("agentId", { nullable: true }),
      tenant: t.drizzleField({
        type: "tenants",
        authScopes: { tenantKey: true },
        resolve: async (query, viewer, _args, ctx) => {
          const tenant = await ctx.db.query.tenants.findFirst(
            query({ where: { id: viewer.tenantId } }),
          );
          if (!tenant) throw new Error("tenant missing");
          return tenant;
        },
      }),
    }),
  });

builder.queryField("viewer", (t) =>
  t.field({
    type: ViewerRef,
    authScopes: { member: true },
    resolve: (_root, _args, ctx) => {
      if (ctx.auth.kind !== "tenant" && ctx.auth.kind !== "agent") throw new Error("unreachable");
      return {
        keyId: ctx.auth.keyId,
        tenantId: ctx.auth.tenantId,
        scope: ctx.auth.kind === "agent" ? ("AGENT" as const) : ("TENANT" as const),
        agentId: ctx.auth.kind === "agent" ? ctx.auth.agentId : null,
      };
    },
  }),
);

const CreateTenantInput = builder.inputType("CreateTenantInput", {
  fields: (t) => ({ name: t.string({ required: true }) }),
});

const CreateTenantPayload = builder
  .objectRef<{ tenant: typeof tables.tenants.$inferSelect; apiKey: string }>("CreateTenantPayload")
  .implement({
    fields: (t) => ({
      tenant: t.field({ type: TenantRef, resolve: (p) => p.tenant }),
      apiKey: t.exposeString("apiKey", {
        description: "A tenant-scoped API key. Shown once: Herald keeps only its hash.",
      }),
    }),
  });

builder.mutationField("createTenant", (t) =>
  t.field({
    type: CreateTenantPayload,
    authScopes: { admin: true },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateTenantInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 200) {
        throw ValidationError.field(["input", "name"], "name must be 1 to 200 characters");
      }
      const id = newId("tenant");
      const sealed = ctx.services.keyring.seal(generateSigningSecret());
      // In the request's own transaction, so a failure anywhere in the response rolls the
      // tenant back too: no tenant may exist whose only key was never shown.
      const tx = ctx.db;
      await setTenant(tx, id);
      await tx.insert(tables.tenants).values({
        id,
        name,
        runWebhookSecret: sealed.ciphertext,
        runWebhookSecretKeyId: sealed.keyId,
      });
      const { key } = await createApiKeyRow(tx, { tenantId: id, name: "default", agentId: null });
      const [tenant] = await tx.select().from(tables.tenants).where(eq(tables.tenants.id, id));
      ctx.services.log.info("tenant.created", { tenantId: id });
      return { tenant: tenant!, apiKey: key };
    },
  }),
);
