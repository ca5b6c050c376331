// Publishing an event on behalf of a tenant: the type must exist, the payload must match its
// schema and fit the size cap, and the message commits together with what delivers it (its
// fan-out job, or through REST its delivery rows and their jobs).
import { type Executor, newId } from "@herald/db";
import { builtInEventType } from "@herald/schema";
import { messagesPublished, publishMessage } from "@herald/worker";
import { sql } from "drizzle-orm";
import { schemaErrors } from "./event-types.js";
import type { PublishBatcher } from "./publish-batcher.js";

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

/** Event types are never changed or deleted once made, so a hit can be kept for good. */
const eventTypes = new Map<string, { schema: Record<string, unknown> | null }>();

async function findEventType(db: Executor, tenantId: string, name: string) {
  const key = `${tenantId}\u0000${name}`;
  const hit = eventTypes.get(key);
  if (hit) return hit;
  const rows = await db.execute<{ et: { schema: Record<string, unknown> | null } | null }>(
    sql`select herald_event_type(${tenantId}, ${name}) as et`,
  );
  const found = rows[0]?.et ?? undefined;
  if (found) {
    if (eventTypes.size >= 10_000) eventTypes.clear();
    eventTypes.set(key, found);
  }
  return found;
}

/** Checks an event as publishing it requires; returns the channels to store. */
async function checkEvent(
  tx: Executor,
  input: PublishEventInput,
  maxPayloadBytes: number,
): Promise<string[]> {
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
  const eventType = await findEventType(tx, input.tenantId, input.type);
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
  return channels;
}

/** Publishes inside the caller's transaction; returns the message row. */
export async function publishEvent(
  tx: Executor,
  input: PublishEventInput,
  maxPayloadBytes: number,
) {
  const channels = await checkEvent(tx, input, maxPayloadBytes);
  return publishMessage(tx, {
    tenantId: input.tenantId,
    type: input.type,
    data: input.data as Record<string, unknown>,
    channels,
    idempotencyKey: input.idempotencyKey,
  });
}

export interface PublishedMessage {
  id: string;
  eventType: string;
  channels: string[];
  createdAt: Date;
  idempotencyKey: string | null;
}

/**
 * Publishes outside any transaction, batched with the tenant's concurrent publishes: the
 * REST hot path. Each message, its deliveries (or fan-out job) and their jobs still commit
 * together, inside `herald_publish`.
 */
export async function publishEventDirect(
  db: Executor,
  publisher: PublishBatcher,
  input: PublishEventInput,
  maxPayloadBytes: number,
): Promise<{ message: PublishedMessage; created: boolean }> {
  const channels = await checkEvent(db, input, maxPayloadBytes);
  const r = await publisher.publish(input.tenantId, {
    id: newId("message"),
    type: input.type,
    data: input.data,
    channels,
    idempotencyKey: input.idempotencyKey ?? null,
  });
  if (r.created) messagesPublished();
  return {
    created: r.created,
    message: {
      id: r.id,
      eventType: r.eventType,
      channels: r.channels,
      createdAt: new Date(r.createdAt),
      idempotencyKey: r.idempotencyKey,
    },
  };
}
