// The events Herald sends, typed from the OpenAPI document, with type guards.
import type { components } from "./generated/openapi.js";

type S = components["schemas"];
export type Run = S["Run"];
export type RunStatus = S["RunStatus"];
export type RunCreatedEvent = S["RunCreatedEvent"];
export type RunStartedEvent = S["RunStartedEvent"];
export type RunCompletedEvent = S["RunCompletedEvent"];
export type WebhookTestEvent = S["WebhookTestEvent"];
export type EndpointDisabledEvent = S["EndpointDisabledEvent"];
export type MessageAttemptExhaustedEvent = S["MessageAttemptExhaustedEvent"];

/** Every built-in event, discriminated by `type`. */
export type HeraldEvent =
  | RunCreatedEvent
  | RunStartedEvent
  | RunCompletedEvent
  | WebhookTestEvent
  | EndpointDisabledEvent
  | MessageAttemptExhaustedEvent;

export type HeraldEventType = HeraldEvent["type"];

/** An event of a tenant-defined type: its data is whatever that type's schema says. */
export interface CustomEvent<T = Record<string, unknown>> {
  id: string;
  type: string;
  timestamp: string;
  data: T;
}

const is =
  <E extends HeraldEvent>(type: E["type"]) =>
  (event: { type: string }): event is E =>
    event.type === type;

export const isRunCreatedEvent = is<RunCreatedEvent>("run.created");
export const isRunStartedEvent = is<RunStartedEvent>("run.started");
export const isRunCompletedEvent = is<RunCompletedEvent>("run.completed");
export const isWebhookTestEvent = is<WebhookTestEvent>("webhook.test");
export const isEndpointDisabledEvent = is<EndpointDisabledEvent>("endpoint.disabled");
export const isMessageAttemptExhaustedEvent = is<MessageAttemptExhaustedEvent>(
  "message.attempt.exhausted",
);
