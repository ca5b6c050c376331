// Built-in event types: the envelope every receiver gets and the `data` of each event.
import { z } from "zod";
import { Run } from "./run.js";

export const EVENT_TYPE_NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;

/** `{id, type, timestamp, data}`: the body of every webhook Herald sends. */
export function envelope<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({
    id: z.string().regex(/^msg_/),
    type: z.literal(type),
    timestamp: z.iso.datetime(),
    data,
  });
}

export const RunEventData = z.object({ run: Run }).meta({ id: "RunEventData" });
export const WebhookTestData = z
  .object({ message: z.string(), endpointId: z.string().nullable() })
  .meta({ id: "WebhookTestData" });
export const EndpointDisabledData = z
  .object({
    endpointId: z.string(),
    url: z.string(),
    reason: z.string(),
    disabledAt: z.iso.datetime(),
  })
  .meta({ id: "EndpointDisabledData" });
export const MessageAttemptExhaustedData = z
  .object({
    messageId: z.string(),
    endpointId: z.string(),
    eventType: z.string(),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: "MessageAttemptExhaustedData" });

export const RunCreatedEvent = envelope("run.created", RunEventData).meta({
  id: "RunCreatedEvent",
});
export const RunStartedEvent = envelope("run.started", RunEventData).meta({
  id: "RunStartedEvent",
});
export const RunCompletedEvent = envelope("run.completed", RunEventData).meta({
  id: "RunCompletedEvent",
});
export const WebhookTestEvent = envelope("webhook.test", WebhookTestData).meta({
  id: "WebhookTestEvent",
});
export const EndpointDisabledEvent = envelope("endpoint.disabled", EndpointDisabledData).meta({
  id: "EndpointDisabledEvent",
});
export const MessageAttemptExhaustedEvent = envelope(
  "message.attempt.exhausted",
  MessageAttemptExhaustedData,
).meta({ id: "MessageAttemptExhaustedEvent" });

export type RunCreatedEvent = z.infer<typeof RunCreatedEvent>;
export type RunStartedEvent = z.infer<typeof RunStartedEvent>;
export type RunCompletedEvent = z.infer<typeof RunCompletedEvent>;
export type WebhookTestEvent = z.infer<typeof WebhookTestEvent>;
export type EndpointDisabledEvent = z.infer<typeof EndpointDisabledEvent>;
export type MessageAttemptExhaustedEvent = z.infer<typeof MessageAttemptExhaustedEvent>;

export const HeraldEvent = z.discriminatedUnion("type", [
  RunCreatedEvent,
  RunStartedEvent,
  RunCompletedEvent,
  WebhookTestEvent,
  EndpointDisabledEvent,
  MessageAttemptExhaustedEvent,
]);
export type HeraldEvent = z.infer<typeof HeraldEvent>;

export interface BuiltInEventType {
  name: string;
  description: string;
  /** The schema of `data`; the payload a publisher sends. */
  data: z.ZodType;
  /** The schema of the whole envelope. */
  event: z.ZodType;
  /** Operational events are emitted by Herald itself and cannot be published by tenants. */
  internal: boolean;
}

export const BUILT_IN_EVENT_TYPES: readonly BuiltInEventType[] = [
  {
    name: "run.created",
    description: "A run was created and queued (by the API, an agent or an inbound trigger).",
    data: RunEventData,
    event: RunCreatedEvent,
    internal: true,
  },
  {
    name: "run.started",
    description: "A run started executing.",
    data: RunEventData,
    event: RunStartedEvent,
    internal: true,
  },
  {
    name: "run.completed",
    description: "A run reached a terminal state: succeeded, failed, cancelled or timed_out.",
    data: RunEventData,
    event: RunCompletedEvent,
    internal: true,
  },
  {
    name: "webhook.test",
    description: "A test event sent on request to check an endpoint.",
    data: WebhookTestData,
    event: WebhookTestEvent,
    internal: true,
  },
  {
    name: "endpoint.disabled",
    description: "An endpoint was disabled automatically after failing for too long or a 410.",
    data: EndpointDisabledData,
    event: EndpointDisabledEvent,
    internal: true,
  },
  {
    name: "message.attempt.exhausted",
    description: "A message could not be delivered to an endpoint after every retry.",
    data: MessageAttemptExhaustedData,
    event: MessageAttemptExhaustedEvent,
    internal: true,
  },
];

export function builtInEventType(name: string): BuiltInEventType | undefined {
  return BUILT_IN_EVENT_TYPES.find((t) => t.name === name);
}

/** JSON Schema (draft 2020-12) of an event type's `data`. */
export function dataJsonSchema(t: BuiltInEventType): Record<string, unknown> {
  return z.toJSONSchema(t.data, { io: "output", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
}
