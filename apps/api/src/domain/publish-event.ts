// Publishing an event on behalf of a tenant: the type must exist, the payload must match its
// schema and fit the size cap, and the message and its fan-out job commit together.
import { type Executor, tables } from "@herald/db";
import { builtInEventType } from "@herald/schema";
import { publishMessage } from "@herald/worker";
import { and, eq } from "drizzle-orm";
import { schemaErrors } from "./event-types.js";

export class PublishError extends Error {
  constructor(
    readonly code:
      | "unknown_event_type"
      | "reserved_event_type"
      | "invalid_payload"
      | "payload_too_large"
      | "invalid_request",
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface PublishEventInput {
  tenantId: string;
  type: string;
  data: unknown;
  channels?: string[] | undefined;
  idempotencyKey?: string | undefined;
}

const CHANNEL = /^[A-Za-z0-9_.:-]{1,128}$/;

export async function publishEvent(
  tx: Executor,
  input: PublishEventInput,
  maxPayloadBytes: number,
) {
  if (
    input.idempotencyKey !== undefined &&
    (input.idempotencyKey.length < 1 || input.idempotencyKey.length > 256)
  ) {
    throw new PublishError("invalid_request", "Idempotency-Key must be 1 to 256 characters");
  }
  if (typeof input.data !== "object" || input.data === null || Array.isArray(input.data)) {
    throw new PublishError("invalid_payload", "data must be a JSON object", [
      { path: "/data", message: "must be an object" },
    ]);
  }
  const channels = input.channels ?? [];
  if (channels.length > 10 || channels.some((c) => !CHANNEL.test(c))) {
    throw new PublishError(
      "invalid_request",
      "channels must be at most 10 names of letters, digits and _ . : -",
    );
  }
  const size = Buffer.byteLength(JSON.stringify(input.data));
  if (size > maxPayloadBytes) {
    throw new PublishError(
      "payload_too_large",
      `data is ${size} bytes; the limit is ${maxPayloadBytes}`,
    );
  }
  if (builtInEventType(input.type)) {
    throw new PublishError(
      "reserved_event_type",
      `${input.type} is emitted by Herald itself and cannot be published`,
    );
  }
  const [eventType] = await tx
    .select()
    .from(tables.eventTypes)
    .where(
      and(eq(tables.eventTypes.tenantId, input.tenantId), eq(tables.eventTypes.name, input.type)),
    );
  if (!eventType) {
    throw new PublishError(
      "unknown_event_type",
      `event type ${input.type} does not exist; create it first`,
    );
  }
  if (eventType.schema) {
    const errors = schemaErrors(eventType.schema, input.data);
    if (errors.length) {
      throw new PublishError(
        "invalid_payload",
        `data does not match the schema of ${input.type}`,
        errors.map((e) => ({ path: `/data${e.path === "/" ? "" : e.path}`, message: e.message })),
      );
    }
  }
  return publishMessage(tx, {
    tenantId: input.tenantId,
    type: input.type,
    data: input.data as Record<string, unknown>,
    channels,
    idempotencyKey: input.idempotencyKey,
  });
}
