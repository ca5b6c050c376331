// Messages, their deliveries and every attempt; publish, replay, recover and test.
import { tables } from "@herald/db";
import { and, eq, gte, sql } from "drizzle-orm";
import { recoverEndpoint, replayMessage } from "../../domain/delivery-actions.js";
import { activeSecrets } from "../../domain/endpoint-secrets.js";
import { PublishError, publishEvent } from "../../domain/publish-event.js";
import { sendNow } from "../../domain/send-now.js";
import { builder } from "../builder.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { requireTenantKey } from "../guards.js";
import { EndpointRef, ownEndpoint } from "./endpoint.js";

const DeliveryStatus = builder.enumType("DeliveryStatus", {
  values: {
    PENDING: { value: "pending" },
    SUCCEEDED: { value: "succeeded" },
    FAILED: { value: "failed" },
  } as const,
});

export const AttemptRef = builder.drizzleNode("attempts", {
  name: "Attempt",
  id: { column: (a) => a.id },
  authScopes: { tenantKey: true },
  fields: (t) => ({
    attemptNumber: t.exposeInt("attemptNumber"),
    url: t.exposeString("url"),
    requestHeaders: t.expose("requestHeaders", {
      type: "JSON",
      description: "Headers sent, with signature values redacted.",
    }),
    statusCode: t.exposeInt("statusCode", { nullable: true }),
    responseBody: t.exposeString("responseBody", {
      nullable: true,
      description: "The first 20 KiB of the response body.",
    }),
    durationMs: t.exposeInt("durationMs"),
    errorCode: t.exposeString("errorCode", { nullable: true }),
    error: t.exposeString("error", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

export const DeliveryRef = builder.drizzleNode("deliveries", {
  name: "Delivery",
  id: { column: (d) => d.id },
  authScopes: { tenantKey: true },
  fields: (t) => ({
    endpointId: t.exposeString("endpointId", { nullable: true }),
    url: t.exposeString("url"),
    status: t.expose("status", { type: DeliveryStatus }),
    attemptCount: t.exposeInt("attempts"),
    nextAttemptAt: t.expose("nextAttemptAt", { type: "DateTime", nullable: true }),
    lastAttemptAt: t.expose("lastAttemptAt", { type: "DateTime", nullable: true }),
    lastStatusCode: t.exposeInt("lastStatusCode", { nullable: true }),
    lastError: t.exposeString("lastError", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    attempts: t.relation("attemptLog", { query: { orderBy: { attemptNumber: "asc" } } }),
  }),
});

export const MessageRef = builder.drizzleNode("messages", {
  name: "Message",
  id: { column: (m) => m.id },
  authScopes: { tenantKey: true },
  fields: (t) => ({
    eventType: t.exposeString("eventType"),
    payload: t.expose("payload", {
      type: "JSON",
      nullable: true,
      description: "The event's data; null once purged by retention.",
    }),
    channels: t.exposeStringList("channels"),
    idempotencyKey: t.exposeString("idempotencyKey", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    deliveries: t.relation("deliveries", { query: { orderBy: { id: "asc" } } }),
  }),
});

builder.queryField("messages", (t) =>
  t.drizzleConnection({
    type: "messages",
    authScopes: { member: true },
    args: {
      eventType: t.arg.string(),
      since: t.arg({ type: "DateTime" }),
      until: t.arg({ type: "DateTime" }),
      status: t.arg({
        type: DeliveryStatus,
        description: "Messages with at least one delivery in this state.",
      }),
    },
    resolve: (query, _root, args, ctx) => {
      const tenantId = requireTenantKey(ctx);
      return ctx.db.query.messages.findMany(
        query({
          where: {
            tenantId,
            ...(args.eventType ? { eventType: args.eventType } : {}),
            ...(args.since || args.until
              ? {
                  createdAt: {
                    ...(args.since ? { gte: args.since } : {}),
                    ...(args.until ? { lt: args.until } : {}),
                  },
                }
              : {}),
            ...(args.status
              ? {
                  RAW: (m) =>
                    sql`exists (select 1 from deliveries d where d.message_id = ${m.id} and d.status = ${args.status})`,
                }
              : {}),
          },
          orderBy: { id: "desc" },
        }),
      );
    },
  }),
);

builder.queryField("message", (t) =>
  t.drizzleField({
    type: "messages",
    nullable: true,
    authScopes: { member: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const tenantId = requireTenantKey(ctx);
      return (
        (await ctx.db.query.messages.findFirst(
          query({ where: { tenantId, id: String(args.id) } }),
        )) ?? null
      );
    },
  }),
);

const EndpointStats = builder
  .objectRef<{
    total: number;
    succeeded: number;
    failed: number;
    pending: number;
    since: Date;
  }>("EndpointStats")
  .implement({
    description: "Deliveries to the endpoint since a time (default: the last 24 hours).",
    fields: (t) => ({
      since: t.expose("since", { type: "DateTime" }),
      total: t.exposeInt("total"),
      succeeded: t.exposeInt("succeeded"),
      failed: t.exposeInt("failed"),
      pending: t.exposeInt("pending"),
      successRate: t.float({
        nullable: true,
        description: "succeeded / (succeeded + failed); null with nothing finished.",
        resolve: (s) =>
          s.succeeded + s.failed === 0 ? null : s.succeeded / (s.succeeded + s.failed),
      }),
    }),
  });

builder.objectField(EndpointRef, "stats", (t) =>
  t.field({
    type: EndpointStats,
    args: { since: t.arg({ type: "DateTime" }) },
    resolve: async (endpoint, args, ctx) => {
      const since = args.since ?? new Date(Date.now() - 86_400_000);
      const rows = await ctx.db
        .select({ status: tables.deliveries.status, n: sql<number>`count(*)::int` })
        .from(tables.deliveries)
        .where(
          and(
            eq(tables.deliveries.endpointId, endpoint.id),
            gte(tables.deliveries.createdAt, since),
          ),
        )
        .groupBy(tables.deliveries.status);
      const by = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
      const succeeded = by("succeeded");
      const failed = by("failed");
      const pending = by("pending");
      return { since, total: succeeded + failed + pending, succeeded, failed, pending };
    },
  }),
);

const PublishEventInput = builder.inputType("PublishEventInput", {
  fields: (t) => ({
    type: t.string({ required: true }),
    data: t.field({ type: "JSON", required: true }),
    channels: t.stringList(),
    idempotencyKey: t.string({
      description: "The same key within 24 h returns the first message.",
    }),
  }),
});

const PublishEventPayload = builder
  .objectRef<{ message: typeof tables.messages.$inferSelect; created: boolean }>(
    "PublishEventPayload",
  )
  .implement({
    fields: (t) => ({
      message: t.field({ type: MessageRef, resolve: (p) => p.message }),
      created: t.exposeBoolean("created", {
        description: "False when the idempotency key matched an earlier message.",
      }),
    }),
  });

builder.mutationField("publishEvent", (t) =>
  t.field({
    type: PublishEventPayload,
    authScopes: { member: true },
    errors: { types: [ValidationError, ForbiddenError] },
    args: { input: t.arg({ type: PublishEventInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = requireTenantKey(ctx);
      try {
        const result = await publishEvent(
          ctx.db,
          {
            tenantId,
            type: input.type,
            data: input.data,
            channels: input.channels ?? undefined,
            idempotencyKey: input.idempotencyKey ?? undefined,
          },
          ctx.services.config.maxPayloadBytes,
        );
        if (result.created) {
          ctx.services.log.info("message.published", {
            tenantId,
            messageId: result.message.id,
            type: input.type,
          });
        }
        return result;
      } catch (error) {
        if (error instanceof PublishError) {
          throw new ValidationError(
            error.message,
            error.errors.length
              ? error.errors.map((e) => ({
                  path: ["input", ...e.path.split("/").filter(Boolean)],
                  message: e.message,
                }))
              : [
                  {
                    path: ["input", error.code === "payload_too_large" ? "data" : "type"],
                    message: error.message,
                  },
                ],
          );
        }
        throw error;
      }
    },
  }),
);

const QueuedPayload = (name: string) =>
  builder.objectRef<{ deliveriesQueued: number }>(name).implement({
    fields: (t) => ({ deliveriesQueued: t.exposeInt("deliveriesQueued") }),
  });

builder.mutationField("replayMessage", (t) =>
  t.field({
    type: QueuedPayload("ReplayMessagePayload"),
    authScopes: { member: true },
    errors: { types: [NotFoundError, ForbiddenError, ValidationError] },
    args: {
      input: t.arg({
        type: builder.inputType("ReplayMessageInput", {
          fields: (f) => ({
            messageId: f.id({ required: true }),
            endpointId: f.id({
              description: "Only to this endpoint (it need not have had the message).",
            }),
          }),
        }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = requireTenantKey(ctx);
      const messageId = String(input.messageId);
      const [message] = await ctx.db
        .select({ id: tables.messages.id, payload: tables.messages.payload })
        .from(tables.messages)
        .where(and(eq(tables.messages.tenantId, tenantId), eq(tables.messages.id, messageId)));
      if (!message) throw new NotFoundError("Message", messageId);
      if (message.payload === null) {
        throw ValidationError.field(
          ["input", "messageId"],
          "the message's payload was purged by retention; it cannot be resent",
        );
      }
      const endpoint = input.endpointId
        ? await ownEndpoint(ctx, String(input.endpointId))
        : undefined;
      const deliveriesQueued = await replayMessage(ctx.db, tenantId, messageId, endpoint);
      ctx.services.log.info("message.replayed", { tenantId, messageId, deliveriesQueued });
      return { deliveriesQueued };
    },
  }),
);

builder.mutationField("recoverEndpoint", (t) =>
  t.field({
    type: QueuedPayload("RecoverEndpointPayload"),
    authScopes: { member: true },
    errors: { types: [NotFoundError, ForbiddenError, ValidationError] },
    args: {
      input: t.arg({
        type: builder.inputType("RecoverEndpointInput", {
          fields: (f) => ({
            endpointId: f.id({ required: true }),
            since: f.field({ type: "DateTime", required: true }),
            until: f.field({ type: "DateTime" }),
          }),
        }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = requireTenantKey(ctx);
      const endpoint = await ownEndpoint(ctx, String(input.endpointId));
      const until = input.until ?? new Date();
      if (input.since >= until)
        throw ValidationError.field(["input", "since"], "since must be before until");
      const deliveriesQueued = await recoverEndpoint(
        ctx.db,
        tenantId,
        endpoint.id,
        input.since,
        until,
      );
      ctx.services.log.info("endpoint.recovered", {
        tenantId,
        endpointId: endpoint.id,
        deliveriesQueued,
      });
      return { deliveriesQueued };
    },
  }),
);

export const SendReportRef = builder
  .objectRef<{
    statusCode: number | null;
    latencyMs: number;
    responseBody: string | null;
    error: string | null;
    success: boolean;
  }>("SendReport")
  .implement({
    description: "What the receiver answered to a synchronous send.",
    fields: (t) => ({
      success: t.exposeBoolean("success"),
      statusCode: t.exposeInt("statusCode", { nullable: true }),
      latencyMs: t.exposeInt("latencyMs"),
      responseBody: t.exposeString("responseBody", { nullable: true }),
      error: t.exposeString("error", { nullable: true }),
    }),
  });

builder.mutationField("sendTestEvent", (t) =>
  t.field({
    type: SendReportRef,
    authScopes: { member: true },
    errors: { types: [NotFoundError, ForbiddenError] },
    args: {
      input: t.arg({
        type: builder.inputType("SendTestEventInput", {
          fields: (f) => ({ endpointId: f.id({ required: true }) }),
        }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const endpoint = await ownEndpoint(ctx, String(input.endpointId));
      const secrets = (await activeSecrets(ctx.db, ctx.services.keyring, endpoint.id)).map(
        (s) => s.secret,
      );
      const report = await sendNow(ctx.services, {
        url: endpoint.url,
        secrets,
        type: "webhook.test",
        data: { message: "This is a test event from Herald.", endpointId: endpoint.id },
        scheme: endpoint.signatureScheme,
        signatureHeader: endpoint.signatureHeader,
        headers: endpoint.headers,
        timeoutMs: endpoint.timeoutMs,
      });
      ctx.services.log.info("endpoint.test_sent", {
        tenantId: endpoint.tenantId,
        endpointId: endpoint.id,
        statusCode: report.statusCode,
      });
      return report;
    },
  }),
);
