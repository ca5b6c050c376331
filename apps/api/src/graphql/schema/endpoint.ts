// Endpoints: where a tenant's events are delivered, with their subscriptions and settings.
import { newId, tables } from "@herald/db";
import { OPERATIONAL_EVENT_TYPES } from "@herald/worker";
import { and, eq, sql } from "drizzle-orm";
import type { Context } from "../../context.js";
import { type EndpointSettings, validateEndpointSettings } from "../../domain/endpoint-input.js";
import { currentSecret, issueSecret, rotateSecret } from "../../domain/endpoint-secrets.js";
import { listEventTypes } from "../../domain/event-types.js";
import { builder } from "../builder.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { callerAgent, callerTenant } from "../guards.js";

export type EndpointRow = typeof tables.endpoints.$inferSelect;

export const EndpointStatus = builder.enumType("EndpointStatus", {
  values: { ENABLED: { value: "enabled" }, DISABLED: { value: "disabled" } } as const,
});
export const SignatureScheme = builder.enumType("SignatureScheme", {
  values: {
    STANDARD: {
      description: "Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature.",
    },
    HMAC_SHA256_HEX: {
      description:
        "`sha256=<hex HMAC of the raw body>` in `signatureHeader`, for legacy receivers.",
    },
  } as const,
});

const HeaderRef = builder.objectRef<{ name: string; value: string }>("Header").implement({
  fields: (t) => ({ name: t.exposeString("name"), value: t.exposeString("value") }),
});
const HeaderInput = builder.inputType("HeaderInput", {
  fields: (t) => ({ name: t.string({ required: true }), value: t.string({ required: true }) }),
});

/** Agent keys see only the endpoints their agent registered. */
export function canSeeEndpoint(ctx: Context, endpoint: { agentId: string | null }) {
  return (
    ctx.auth.kind === "tenant" ||
    (ctx.auth.kind === "agent" && endpoint.agentId === ctx.auth.agentId)
  );
}

export const EndpointRef = builder.drizzleNode("endpoints", {
  name: "Endpoint",
  id: { column: (e) => e.id },
  authScopes: (endpoint, ctx) => canSeeEndpoint(ctx, endpoint),
  fields: (t) => ({
    url: t.exposeString("url"),
    description: t.exposeString("description"),
    agentId: t.exposeString("agentId", { nullable: true }),
    eventTypes: t.exposeStringList("eventTypes", {
      description: "Subscribed event types (`run.*` wildcards allowed); empty means all.",
    }),
    channels: t.exposeStringList("channels"),
    headers: t.field({
      type: [HeaderRef],
      resolve: (e) => Object.entries(e.headers).map(([name, value]) => ({ name, value })),
    }),
    rateLimit: t.exposeInt("rateLimit", { nullable: true }),
    retrySchedule: t.exposeString("retrySchedule", { nullable: true }),
    timeoutSeconds: t.int({ resolve: (e) => Math.round(e.timeoutMs / 1000) }),
    signatureScheme: t.expose("signatureScheme", { type: SignatureScheme }),
    signatureHeader: t.exposeString("signatureHeader", { nullable: true }),
    status: t.expose("status", { type: EndpointStatus }),
    disabledReason: t.exposeString("disabledReason", { nullable: true }),
    disabledAt: t.expose("disabledAt", { type: "DateTime", nullable: true }),
    lastSuccessAt: t.expose("lastSuccessAt", { type: "DateTime", nullable: true }),
    lastFailureAt: t.expose("lastFailureAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    signingSecret: t.string({
      description: "The current signing secret (`whsec_…`).",
      resolve: async (e, _args, ctx) =>
        (await currentSecret(ctx.db, ctx.services.keyring, e.id)) ?? "",
    }),
  }),
});

builder.queryField("endpoints", (t) =>
  t.drizzleConnection({
    type: "endpoints",
    authScopes: { member: true },
    args: {
      status: t.arg({ type: EndpointStatus }),
      eventType: t.arg.string({
        description: "Only endpoints that would receive this event type.",
      }),
    },
    resolve: (query, _root, args, ctx) => {
      const agentId = callerAgent(ctx);
      return ctx.db.query.endpoints.findMany(
        query({
          where: {
            tenantId: callerTenant(ctx),
            ...(agentId ? { agentId } : {}),
            ...(args.status ? { status: args.status } : {}),
            ...(args.eventType
              ? {
                  RAW: (e) =>
                    OPERATIONAL_EVENT_TYPES.has(args.eventType!)
                      ? // Operational events go only to endpoints that name them (see fan-out).
                        sql`exists (select 1 from unnest(${e.eventTypes}) p
                          where p = ${args.eventType}
                            or (right(p, 2) = '.*' and starts_with(${args.eventType}, left(p, -1))))`
                      : sql`(cardinality(${e.eventTypes}) = 0 or exists (
                    select 1 from unnest(${e.eventTypes}) p
                    where p = ${args.eventType} or p = '*'
                      or (right(p, 2) = '.*' and starts_with(${args.eventType}, left(p, -1)))))`,
                }
              : {}),
          },
          orderBy: { id: "desc" },
        }),
      );
    },
  }),
);

builder.queryField("endpoint", (t) =>
  t.drizzleField({
    type: "endpoints",
    nullable: true,
    authScopes: { member: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const agentId = callerAgent(ctx);
      const row = await ctx.db.query.endpoints.findFirst(
        query({
          where: {
            id: String(args.id),
            tenantId: callerTenant(ctx),
            ...(agentId ? { agentId } : {}),
          },
        }),
      );
      return row ?? null;
    },
  }),
);

type InputFields = PothosSchemaTypes.InputFieldBuilder<
  PothosSchemaTypes.ExtendDefaultTypes<
    typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never
  >,
  "InputObject"
>;

function endpointInputFields(required: boolean) {
  return (t: InputFields) => ({
    url: t.string({ required, description: "HTTPS URL, at most 2048 characters." }),
    description: t.string(),
    eventTypes: t.stringList({ description: "Event types or `prefix.*` patterns; empty = all." }),
    channels: t.stringList(),
    headers: t.field({ type: [HeaderInput] }),
    rateLimit: t.int({ description: "Deliveries per second at most." }),
    retrySchedule: t.string({ description: "Delays after the first try, e.g. `0s,5s,30s,2m`." }),
    timeoutSeconds: t.int({ description: "1 to 30 seconds; default 15." }),
    signatureScheme: t.field({ type: SignatureScheme }),
    signatureHeader: t.string({
      description: "Header for HMAC_SHA256_HEX, e.g. X-Webhook-Signature-256.",
    }),
  });
}

const CreateEndpointInput = builder.inputType("CreateEndpointInput", {
  fields: endpointInputFields(true),
});
const UpdateEndpointInput = builder.inputType("UpdateEndpointInput", {
  fields: (t) => ({ id: t.id({ required: true }), ...endpointInputFields(false)(t) }),
});

const EndpointWithSecretPayload = (name: string) =>
  builder.objectRef<{ endpoint: EndpointRow; signingSecret: string }>(name).implement({
    fields: (t) => ({
      endpoint: t.field({ type: EndpointRef, resolve: (p) => p.endpoint }),
      signingSecret: t.exposeString("signingSecret"),
    }),
  });
const EndpointPayload = (name: string) =>
  builder.objectRef<{ endpoint: EndpointRow }>(name).implement({
    fields: (t) => ({ endpoint: t.field({ type: EndpointRef, resolve: (p) => p.endpoint }) }),
  });

export const isRunEventType = (t: string) =>
  t === "run.*" || t === "run.created" || t === "run.started" || t === "run.completed";

export async function validateSettings(ctx: Context, tenantId: string, input: EndpointSettings) {
  if (ctx.auth.kind === "agent" && input.eventTypes !== undefined) {
    const types = input.eventTypes ?? [];
    if (types.length === 0 || !types.every(isRunEventType)) {
      // An agent key hears about its own runs, not the rest of the tenant's traffic.
      throw ValidationError.field(
        ["input", "eventTypes"],
        "agent keys may subscribe only to run events (run.*, run.created, run.started, run.completed)",
      );
    }
  }
  const known = (await listEventTypes(ctx.db, tenantId)).map((t) => t.name);
  const { settings, errors } = validateEndpointSettings(input, {
    allowPrivate: ctx.services.allowPrivate,
    knownEventTypes: known,
    path: ["input"],
  });
  if (errors.length) {
    throw new ValidationError(errors.map((e) => e.message).join("; "), errors);
  }
  if (settings.signatureScheme === "HMAC_SHA256_HEX" && settings.signatureHeader === undefined) {
    settings.signatureHeader = "X-Webhook-Signature-256";
  }
  return settings;
}

/** Loads an endpoint the caller may change, or throws NotFound (never revealing others'). */
export async function ownEndpoint(ctx: Context, id: string): Promise<EndpointRow> {
  const tenantId = callerTenant(ctx);
  const [row] = await ctx.db
    .select()
    .from(tables.endpoints)
    .where(and(eq(tables.endpoints.tenantId, tenantId), eq(tables.endpoints.id, id)));
  if (!row || !canSeeEndpoint(ctx, row)) throw new NotFoundError("Endpoint", id);
  return row;
}

builder.mutationField("createEndpoint", (t) =>
  t.field({
    type: EndpointWithSecretPayload("CreateEndpointPayload"),
    authScopes: { member: true },
    errors: { types: [ValidationError, ForbiddenError] },
    args: { input: t.arg({ type: CreateEndpointInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = callerTenant(ctx);
      if (ctx.auth.kind === "agent") {
        throw new ForbiddenError("agent keys register endpoints with registerAgentWebhook");
      }
      const settings = await validateSettings(ctx, tenantId, input as EndpointSettings);
      const id = newId("endpoint");
      const [endpoint] = await ctx.db
        .insert(tables.endpoints)
        .values({ id, tenantId, url: settings.url!, ...settings })
        .returning();
      const signingSecret = await issueSecret(ctx.db, ctx.services.keyring, {
        tenantId,
        endpointId: id,
      });
      ctx.services.log.info("endpoint.created", { tenantId, endpointId: id });
      return { endpoint: endpoint!, signingSecret };
    },
  }),
);

builder.mutationField("updateEndpoint", (t) =>
  t.field({
    type: EndpointPayload("UpdateEndpointPayload"),
    authScopes: { member: true },
    errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: UpdateEndpointInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = callerTenant(ctx);
      const current = await ownEndpoint(ctx, String(input.id));
      const { id: _id, ...rest } = input;
      const patch = Object.fromEntries(
        Object.entries(rest).filter(([k, v]) => v !== undefined && !(k === "url" && v === null)),
      ) as EndpointSettings;
      const settings = await validateSettings(ctx, tenantId, patch);
      const [endpoint] = await ctx.db
        .update(tables.endpoints)
        .set({ ...settings, updatedAt: new Date() })
        .where(and(eq(tables.endpoints.tenantId, tenantId), eq(tables.endpoints.id, current.id)))
        .returning();
      ctx.services.log.info("endpoint.updated", { tenantId, endpointId: current.id });
      return { endpoint: endpoint! };
    },
  }),
);

const IdInput = (name: string) =>
  builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true }) }) });

builder.mutationField("deleteEndpoint", (t) =>
  t.field({
    type: builder.objectRef<{ deletedId: string }>("DeleteEndpointPayload").implement({
      fields: (f) => ({ deletedId: f.exposeID("deletedId") }),
    }),
    authScopes: { member: true },
    errors: { types: [NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: IdInput("DeleteEndpointInput"), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const endpoint = await ownEndpoint(ctx, String(input.id));
      await ctx.db.delete(tables.endpoints).where(eq(tables.endpoints.id, endpoint.id));
      ctx.services.log.info("endpoint.deleted", {
        tenantId: endpoint.tenantId,
        endpointId: endpoint.id,
      });
      return { deletedId: endpoint.id };
    },
  }),
);

builder.mutationField("enableEndpoint", (t) =>
  t.field({
    type: EndpointPayload("EnableEndpointPayload"),
    authScopes: { member: true },
    errors: { types: [NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: IdInput("EnableEndpointInput"), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const current = await ownEndpoint(ctx, String(input.id));
      const [endpoint] = await ctx.db
        .update(tables.endpoints)
        .set({
          status: "enabled",
          disabledReason: null,
          disabledAt: null,
          failingSince: null,
          updatedAt: new Date(),
        })
        .where(eq(tables.endpoints.id, current.id))
        .returning();
      ctx.services.log.info("endpoint.enabled", {
        tenantId: current.tenantId,
        endpointId: current.id,
      });
      return { endpoint: endpoint! };
    },
  }),
);

builder.mutationField("disableEndpoint", (t) =>
  t.field({
    type: EndpointPayload("DisableEndpointPayload"),
    authScopes: { member: true },
    errors: { types: [NotFoundError, ForbiddenError, ValidationError] },
    args: {
      input: t.arg({
        type: builder.inputType("DisableEndpointInput", {
          fields: (f) => ({ id: f.id({ required: true }), reason: f.string() }),
        }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const current = await ownEndpoint(ctx, String(input.id));
      const reason = input.reason?.trim() || "disabled by request";
      if (reason.length > 500)
        throw ValidationError.field(["input", "reason"], "reason is over 500 characters");
      const [endpoint] = await ctx.db
        .update(tables.endpoints)
        .set({
          status: "disabled",
          disabledReason: reason,
          disabledAt: new Date(),
          updatedAt: new Date(),
        })
        .where(eq(tables.endpoints.id, current.id))
        .returning();
      ctx.services.log.info("endpoint.disabled", {
        tenantId: current.tenantId,
        endpointId: current.id,
      });
      return { endpoint: endpoint! };
    },
  }),
);

builder.mutationField("rotateEndpointSecret", (t) =>
  t.field({
    type: EndpointWithSecretPayload("RotateEndpointSecretPayload"),
    authScopes: { member: true },
    errors: { types: [NotFoundError, ForbiddenError, ValidationError] },
    args: {
      input: t.arg({
        type: builder.inputType("RotateEndpointSecretInput", {
          fields: (f) => ({
            id: f.id({ required: true }),
            graceSeconds: f.int({
              description: "How long the old secret keeps signing; default 86400 (24 h).",
            }),
          }),
        }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const endpoint = await ownEndpoint(ctx, String(input.id));
      const grace = input.graceSeconds ?? 86_400;
      if (!Number.isInteger(grace) || grace < 0 || grace > 7 * 86_400) {
        throw ValidationError.field(["input", "graceSeconds"], "graceSeconds must be 0 to 604800");
      }
      const signingSecret = await rotateSecret(
        ctx.db,
        ctx.services.keyring,
        { tenantId: endpoint.tenantId, endpointId: endpoint.id },
        grace * 1000,
      );
      ctx.services.log.info("endpoint.secret_rotated", {
        tenantId: endpoint.tenantId,
        endpointId: endpoint.id,
      });
      return { endpoint, signingSecret };
    },
  }),
);
