// Agents: a tenant's agents, which own the webhooks they register and their runs.
import { newId, tables } from "@herald/db";
import { builder } from "../builder.js";
import { ConflictError, ForbiddenError, ValidationError } from "../errors.js";
import { callerAgent, callerTenant, requireTenantKey } from "../guards.js";

export const AgentRef = builder.drizzleNode("agents", {
  name: "Agent",
  id: { column: (a) => a.id },
  authScopes: (agent, ctx) => ctx.auth.kind === "tenant" || callerAgent(ctx) === agent.id,
  fields: (t) => ({
    name: t.exposeString("name"),
    description: t.exposeString("description", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.queryField("agents", (t) =>
  t.drizzleConnection({
    type: "agents",
    authScopes: { member: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.db.query.agents.findMany(
        query({
          where: {
            tenantId: callerTenant(ctx),
            ...(callerAgent(ctx) ? { id: callerAgent(ctx) } : {}),
          },
          orderBy: { id: "asc" },
        }),
      ),
  }),
);

const CreateAgentInput = builder.inputType("CreateAgentInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
  }),
});

const CreateAgentPayload = builder
  .objectRef<{ agent: typeof tables.agents.$inferSelect }>("CreateAgentPayload")
  .implement({ fields: (t) => ({ agent: t.field({ type: AgentRef, resolve: (p) => p.agent }) }) });

builder.mutationField("createAgent", (t) =>
  t.field({
    type: CreateAgentPayload,
    authScopes: { member: true },
    errors: { types: [ValidationError, ForbiddenError, ConflictError] },
    args: { input: t.arg({ type: CreateAgentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = requireTenantKey(ctx);
      const name = input.name.trim();
      if (!/^[\w .:@/-]{1,100}$/.test(name)) {
        throw ValidationError.field(
          ["input", "name"],
          "name must be 1 to 100 letters, digits, spaces or . : @ / _ -",
        );
      }
      if ((input.description?.length ?? 0) > 1000) {
        throw ValidationError.field(
          ["input", "description"],
          "description is over 1000 characters",
        );
      }
      const [agent] = await ctx.db
        .insert(tables.agents)
        .values({ id: newId("agent"), tenantId, name, description: input.description ?? null })
        .onConflictDoNothing()
        .returning();
      if (!agent) throw new ConflictError(`an agent named "${name}" already exists`);
      ctx.services.log.info("agent.created", { tenantId, agentId: agent.id });
      return { agent };
    },
  }),
);
