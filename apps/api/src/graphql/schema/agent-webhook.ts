// Agents registering their own webhooks: idempotent on (tenant, agent, url), so an agent can
// call it on every start-up and get the same endpoint and secret back.
import { newId, tables } from "@herald/db";
import { and, eq } from "drizzle-orm";
import type { Context } from "../../context.js";
import { currentSecret, issueSecret } from "../../domain/endpoint-secrets.js";
import { builder } from "../builder.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { callerTenant } from "../guards.js";
import { EndpointRef, type EndpointRow, validateSettings } from "./endpoint.js";

const DEFAULT_AGENT_EVENT_TYPES = ["run.*"];

async function resolveAgent(ctx: Context, tenantId: string, agentId: string | null | undefined) {
  if (ctx.auth.kind === "agent") {
    if (agentId && agentId !== ctx.auth.agentId) {
      throw new ForbiddenError("an agent key registers webhooks only for its own agent");
    }
    return ctx.auth.agentId;
  }
  if (!agentId)
    throw ValidationError.field(["input", "agentId"], "agentId is required with a tenant key");
  const [agent] = await ctx.db
    .select({ id: tables.agents.id })
    .from(tables.agents)
    .where(and(eq(tables.agents.tenantId, tenantId), eq(tables.agents.id, agentId)));
  if (!agent) throw new NotFoundError("Agent", agentId);
  return agent.id;
}

const RegisterAgentWebhookPayload = builder
  .objectRef<{ endpoint: EndpointRow; signingSecret: string; created: boolean }>(
    "RegisterAgentWebhookPayload",
  )
  .implement({
    fields: (t) => ({
      endpoint: t.field({ type: EndpointRef, resolve: (p) => p.endpoint }),
      signingSecret: t.exposeString("signingSecret"),
      created: t.exposeBoolean("created", {
        description: "False when the agent had registered this URL before.",
      }),
    }),
  });

builder.mutationField("registerAgentWebhook", (t) =>
  t.field({
    type: RegisterAgentWebhookPayload,
    authScopes: { member: true },
    errors: { types: [ValidationError, ForbiddenError, NotFoundError] },
    args: {
      input: t.arg({
        type: builder.inputType("RegisterAgentWebhookInput", {
          fields: (f) => ({
            url: f.string({ required: true }),
            eventTypes: f.stringList({
              description: "Default: the agent's own run events (`run.*`).",
            }),
            description: f.string(),
            agentId: f.id({ description: "Required with a tenant key; implied by an agent key." }),
          }),
        }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = callerTenant(ctx);
      const agentId = await resolveAgent(
        ctx,
        tenantId,
        input.agentId ? String(input.agentId) : null,
      );
      const settings = await validateSettings(ctx, tenantId, {
        url: input.url,
        eventTypes: input.eventTypes ?? DEFAULT_AGENT_EVENT_TYPES,
        ...(input.description !== undefined ? { description: input.description } : {}),
      });
      const id = newId("endpoint");
      const [inserted] = await ctx.db
        .insert(tables.endpoints)
        .values({ id, tenantId, agentId, url: input.url, ...settings })
        .onConflictDoNothing()
        .returning();
      if (inserted) {
        const signingSecret = await issueSecret(ctx.db, ctx.services.keyring, {
          tenantId,
          endpointId: id,
        });
        ctx.services.log.info("agent_webhook.registered", { tenantId, agentId, endpointId: id });
        return { endpoint: inserted, signingSecret, created: true };
      }
      const [endpoint] = await ctx.db
        .update(tables.endpoints)
        .set({
          // Re-registering without eventTypes keeps the current subscriptions.
          ...(input.eventTypes ? { eventTypes: settings.eventTypes } : {}),
          ...(settings.description !== undefined ? { description: settings.description } : {}),
          updatedAt: new Date(),
        })
        .where(
          and(
            eq(tables.endpoints.tenantId, tenantId),
            eq(tables.endpoints.agentId, agentId),
            eq(tables.endpoints.url, input.url),
          ),
        )
        .returning();
      if (!endpoint) throw new Error("registered endpoint vanished");
      const signingSecret = (await currentSecret(ctx.db, ctx.services.keyring, endpoint.id)) ?? "";
      return { endpoint, signingSecret, created: false };
    },
  }),
);

builder.mutationField("unregisterAgentWebhook", (t) =>
  t.field({
    type: builder.objectRef<{ removed: boolean }>("UnregisterAgentWebhookPayload").implement({
      fields: (f) => ({ removed: f.exposeBoolean("removed") }),
    }),
    authScopes: { member: true },
    errors: { types: [ValidationError, ForbiddenError, NotFoundError] },
    args: {
      input: t.arg({
        type: builder.inputType("UnregisterAgentWebhookInput", {
          fields: (f) => ({ url: f.string({ required: true }), agentId: f.id() }),
        }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = callerTenant(ctx);
      const agentId = await resolveAgent(
        ctx,
        tenantId,
        input.agentId ? String(input.agentId) : null,
      );
      const removed = await ctx.db
        .delete(tables.endpoints)
        .where(
          and(
            eq(tables.endpoints.tenantId, tenantId),
            eq(tables.endpoints.agentId, agentId),
            eq(tables.endpoints.url, input.url),
          ),
        )
        .returning({ id: tables.endpoints.id });
      if (removed.length)
        ctx.services.log.info("agent_webhook.unregistered", { tenantId, agentId });
      return { removed: removed.length > 0 };
    },
  }),
);
