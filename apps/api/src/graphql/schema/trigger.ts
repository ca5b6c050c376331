// Inbound triggers: URLs that let an outside system start a run of an agent.
import { generateSigningSecret, newId, tables } from "@herald/db";
import { and, eq } from "drizzle-orm";
import type { Context } from "../../context.js";
import { isValidSourceEntry } from "../../domain/source-allowlist.js";
import { triggerUrl } from "../../rest/triggers.js";
import { builder } from "../builder.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { requireTenantKey } from "../guards.js";

type TriggerRow = typeof tables.triggers.$inferSelect;

export const TriggerRef = builder.drizzleNode("triggers", {
  name: "Trigger",
  id: { column: (t) => t.id },
  authScopes: { tenantKey: true },
  fields: (t) => ({
    agentId: t.exposeString("agentId"),
    description: t.exposeString("description"),
    url: t.string({
      resolve: (trigger, _args, ctx) => triggerUrl(ctx.services.publicUrl, trigger.id),
    }),
    allowedSources: t.exposeStringList("allowedSources"),
    requireSignature: t.exposeBoolean("requireSignature"),
    enabled: t.exposeBoolean("enabled"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.queryField("triggers", (t) =>
  t.drizzleConnection({
    type: "triggers",
    authScopes: { member: true },
    args: { agentId: t.arg.string() },
    resolve: (query, _root, args, ctx) =>
      ctx.db.query.triggers.findMany(
        query({
          where: {
            tenantId: requireTenantKey(ctx),
            ...(args.agentId ? { agentId: args.agentId } : {}),
          },
          orderBy: { id: "desc" },
        }),
      ),
  }),
);

const TriggerWithSecret = (name: string) =>
  builder.objectRef<{ trigger: TriggerRow; secret: string }>(name).implement({
    fields: (t) => ({
      trigger: t.field({ type: TriggerRef, resolve: (p) => p.trigger }),
      url: t.string({ resolve: (p, _a, ctx) => triggerUrl(ctx.services.publicUrl, p.trigger.id) }),
      secret: t.exposeString("secret", {
        description: "Signs requests to the trigger (Standard Webhooks).",
      }),
    }),
  });
const TriggerPayload = (name: string) =>
  builder.objectRef<{ trigger: TriggerRow }>(name).implement({
    fields: (t) => ({ trigger: t.field({ type: TriggerRef, resolve: (p) => p.trigger }) }),
  });

async function ownTrigger(ctx: Context, id: string): Promise<TriggerRow> {
  const tenantId = requireTenantKey(ctx);
  const [row] = await ctx.db
    .select()
    .from(tables.triggers)
    .where(and(eq(tables.triggers.tenantId, tenantId), eq(tables.triggers.id, id)));
  if (!row) throw new NotFoundError("Trigger", id);
  return row;
}

builder.mutationField("createTrigger", (t) =>
  t.field({
    type: TriggerWithSecret("CreateTriggerPayload"),
    authScopes: { member: true },
    errors: { types: [ValidationError, ForbiddenError, NotFoundError] },
    args: {
      input: t.arg({
        type: builder.inputType("CreateTriggerInput", {
          fields: (f) => ({
            agentId: f.id({ required: true }),
            description: f.string(),
            allowedSources: f.stringList({
              description: "Hostnames, IPs or CIDRs; empty allows any source.",
            }),
            requireSignature: f.boolean({ defaultValue: true }),
          }),
        }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = requireTenantKey(ctx);
      const agentId = String(input.agentId);
      const [agent] = await ctx.db
        .select({ id: tables.agents.id })
        .from(tables.agents)
        .where(and(eq(tables.agents.tenantId, tenantId), eq(tables.agents.id, agentId)));
      if (!agent) throw new NotFoundError("Agent", agentId);
      const sources = input.allowedSources ?? [];
      const bad = sources.filter((s) => !isValidSourceEntry(s));
      if (bad.length || sources.length > 50) {
        throw ValidationError.field(
          ["input", "allowedSources"],
          bad.length ? `not a hostname, IP or CIDR: ${bad.join(", ")}` : "at most 50 sources",
        );
      }
      if ((input.description?.length ?? 0) > 1000) {
        throw ValidationError.field(
          ["input", "description"],
          "description is over 1000 characters",
        );
      }
      const secret = generateSigningSecret();
      const sealed = ctx.services.keyring.seal(secret);
      const [trigger] = await ctx.db
        .insert(tables.triggers)
        .values({
          id: newId("trigger"),
          tenantId,
          agentId,
          description: input.description ?? "",
          secret: sealed.ciphertext,
          secretKeyId: sealed.keyId,
          allowedSources: sources,
          requireSignature: input.requireSignature ?? true,
        })
        .returning();
      ctx.services.log.info("trigger.created", { tenantId, triggerId: trigger!.id, agentId });
      return { trigger: trigger!, secret };
    },
  }),
);

const IdInput = (name: string) =>
  builder.inputType(name, { fields: (f) => ({ id: f.id({ required: true }) }) });

for (const [name, enabled] of [
  ["enableTrigger", true],
  ["disableTrigger", false],
] as const) {
  builder.mutationField(name, (t) =>
    t.field({
      type: TriggerPayload(`${name[0]!.toUpperCase()}${name.slice(1)}Payload`),
      authScopes: { member: true },
      errors: { types: [NotFoundError, ForbiddenError] },
      args: {
        input: t.arg({
          type: IdInput(`${name[0]!.toUpperCase()}${name.slice(1)}Input`),
          required: true,
        }),
      },
      resolve: async (_root, { input }, ctx) => {
        const current = await ownTrigger(ctx, String(input.id));
        const [trigger] = await ctx.db
          .update(tables.triggers)
          .set({ enabled })
          .where(eq(tables.triggers.id, current.id))
          .returning();
        ctx.services.log.info(enabled ? "trigger.enabled" : "trigger.disabled", {
          triggerId: current.id,
        });
        return { trigger: trigger! };
      },
    }),
  );
}

builder.mutationField("rotateTriggerSecret", (t) =>
  t.field({
    type: TriggerWithSecret("RotateTriggerSecretPayload"),
    authScopes: { member: true },
    errors: { types: [NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: IdInput("RotateTriggerSecretInput"), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const current = await ownTrigger(ctx, String(input.id));
      const secret = generateSigningSecret();
      const sealed = ctx.services.keyring.seal(secret);
      const [trigger] = await ctx.db
        .update(tables.triggers)
        .set({
          secret: sealed.ciphertext,
          secretKeyId: sealed.keyId,
          previousSecret: current.secret,
          previousSecretKeyId: current.secretKeyId,
          previousSecretExpiresAt: new Date(Date.now() + 24 * 3600 * 1000),
        })
        .where(eq(tables.triggers.id, current.id))
        .returning();
      ctx.services.log.info("trigger.secret_rotated", { triggerId: current.id });
      return { trigger: trigger!, secret };
    },
  }),
);

builder.mutationField("deleteTrigger", (t) =>
  t.field({
    type: builder.objectRef<{ deletedId: string }>("DeleteTriggerPayload").implement({
      fields: (f) => ({ deletedId: f.exposeID("deletedId") }),
    }),
    authScopes: { member: true },
    errors: { types: [NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: IdInput("DeleteTriggerInput"), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const current = await ownTrigger(ctx, String(input.id));
      await ctx.db.delete(tables.triggers).where(eq(tables.triggers.id, current.id));
      ctx.services.log.info("trigger.deleted", { triggerId: current.id });
      return { deletedId: current.id };
    },
  }),
);
