// Runs in GraphQL: read-only views of what /v1/runs manages. Sensitive input never appears.
import { RUN_STATUSES } from "@herald/schema";
import { builder } from "../builder.js";
import { callerAgent, callerTenant } from "../guards.js";

const RunStatusEnum = builder.enumType("RunStatus", {
  values: Object.fromEntries(RUN_STATUSES.map((s) => [s.toUpperCase(), { value: s }])) as Record<
    Uppercase<(typeof RUN_STATUSES)[number]>,
    { value: (typeof RUN_STATUSES)[number] }
  >,
});

const WebhookState = builder.enumType("RunWebhookState", {
  values: {
    NONE: { value: "none" },
    PENDING: { value: "pending" },
    DELIVERED: { value: "delivered" },
    FAILED: { value: "failed" },
  } as const,
});

export const RunRef = builder.drizzleNode("runs", {
  name: "Run",
  id: { column: (r) => r.id },
  authScopes: (run, ctx) => ctx.auth.kind === "tenant" || callerAgent(ctx) === run.agentId,
  fields: (t) => ({
    agentId: t.exposeString("agentId", { nullable: true }),
    workflowId: t.exposeString("workflowId", { nullable: true }),
    status: t.expose("status", { type: RunStatusEnum }),
    input: t.expose("input", { type: "JSON", nullable: true }),
    output: t.expose("output", { type: "JSON", nullable: true }),
    error: t.expose("error", { type: "JSON", nullable: true }),
    metadata: t.expose("metadata", { type: "JSON" }),
    sensitiveInputKeys: t.exposeStringList("sensitiveInputKeys"),
    webhookUrl: t.exposeString("webhookUrl", { nullable: true }),
    webhookState: t.expose("webhookState", { type: WebhookState }),
    webhookFailureReason: t.exposeString("webhookFailureReason", { nullable: true }),
    triggerId: t.exposeString("triggerId", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    queuedAt: t.expose("queuedAt", { type: "DateTime" }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true }),
    finishedAt: t.expose("finishedAt", { type: "DateTime", nullable: true }),
  }),
});

builder.queryField("runs", (t) =>
  t.drizzleConnection({
    type: "runs",
    authScopes: { member: true },
    args: { status: t.arg({ type: RunStatusEnum }), agentId: t.arg.string() },
    resolve: (query, _root, args, ctx) => {
      const agentId = callerAgent(ctx) ?? args.agentId ?? undefined;
      return ctx.db.query.runs.findMany(
        query({
          where: {
            tenantId: callerTenant(ctx),
            ...(agentId ? { agentId } : {}),
            ...(args.status ? { status: args.status } : {}),
          },
          orderBy: { id: "desc" },
        }),
      );
    },
  }),
);

builder.queryField("run", (t) =>
  t.drizzleField({
    type: "runs",
    nullable: true,
    authScopes: { member: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const agentId = callerAgent(ctx);
      return (
        (await ctx.db.query.runs.findFirst(
          query({
            where: {
              id: String(args.id),
              tenantId: callerTenant(ctx),
              ...(agentId ? { agentId } : {}),
            },
          }),
        )) ?? null
      );
    },
  }),
);
