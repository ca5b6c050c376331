// Event types: the built-ins from @herald/schema and the tenant's own.
import { newId, tables } from "@herald/db";
import {
  compileSchema,
  EVENT_TYPE_NAME,
  type EventTypeInfo,
  isBuiltInEventType,
  listEventTypes,
} from "../../domain/event-types.js";
import { builder } from "../builder.js";
import { ConflictError, ForbiddenError, ValidationError } from "../errors.js";
import { callerTenant, requireTenantKey } from "../guards.js";

export const EventTypeRef = builder.objectRef<EventTypeInfo>("EventType").implement({
  fields: (t) => ({
    name: t.exposeString("name"),
    description: t.exposeString("description"),
    schema: t.expose("schema", {
      type: "JSON",
      nullable: true,
      description: "JSON Schema (2020-12) of the event's `data`.",
    }),
    builtIn: t.exposeBoolean("builtIn"),
    createdAt: t.expose("createdAt", { type: "DateTime", nullable: true }),
  }),
});

builder.queryField("eventTypes", (t) =>
  t.field({
    type: [EventTypeRef],
    authScopes: { member: true },
    resolve: (_root, _args, ctx) => listEventTypes(ctx.db, callerTenant(ctx)),
  }),
);

const CreateEventTypeInput = builder.inputType("CreateEventTypeInput", {
  fields: (t) => ({
    name: t.string({ required: true, description: "Dotted lower-case name, e.g. `invoice.paid`." }),
    description: t.string(),
    schema: t.field({
      type: "JSON",
      description: "JSON Schema of `data`; omit to accept any object.",
    }),
  }),
});

const CreateEventTypePayload = builder
  .objectRef<{ eventType: EventTypeInfo }>("CreateEventTypePayload")
  .implement({
    fields: (t) => ({ eventType: t.field({ type: EventTypeRef, resolve: (p) => p.eventType }) }),
  });

builder.mutationField("createEventType", (t) =>
  t.field({
    type: CreateEventTypePayload,
    authScopes: { member: true },
    errors: { types: [ValidationError, ForbiddenError, ConflictError] },
    args: { input: t.arg({ type: CreateEventTypeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = requireTenantKey(ctx);
      if (!EVENT_TYPE_NAME.test(input.name) || input.name.length > 128) {
        throw ValidationError.field(
          ["input", "name"],
          "name must be dotted lower-case words (a-z, 0-9, _ and -), at most 128 characters",
        );
      }
      if (isBuiltInEventType(input.name)) {
        throw new ConflictError(`${input.name} is a built-in event type`);
      }
      if ((input.description?.length ?? 0) > 2000) {
        throw ValidationError.field(
          ["input", "description"],
          "description is over 2000 characters",
        );
      }
      let schema: Record<string, unknown> | null = null;
      if (input.schema !== undefined && input.schema !== null) {
        if (typeof input.schema !== "object" || Array.isArray(input.schema)) {
          throw ValidationError.field(["input", "schema"], "schema must be a JSON Schema object");
        }
        schema = input.schema as Record<string, unknown>;
        try {
          compileSchema(schema);
        } catch (error) {
          throw ValidationError.field(
            ["input", "schema"],
            `schema is not a valid JSON Schema: ${(error as Error).message}`,
          );
        }
      }
      const [row] = await ctx.db
        .insert(tables.eventTypes)
        .values({
          id: newId("eventType"),
          tenantId,
          name: input.name,
          description: input.description ?? "",
          schema,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new ConflictError(`event type ${input.name} already exists`);
      ctx.services.log.info("event_type.created", { tenantId, name: row.name });
      return {
        eventType: {
          id: row.id,
          name: row.name,
          description: row.description,
          schema: row.schema ?? null,
          builtIn: false,
          createdAt: row.createdAt,
        },
      };
    },
  }),
);
