// Generated from apps/api/schema.graphql and src/operations by `npm run generate`. DO NOT EDIT.
/* eslint-disable */
// biome-ignore-all lint: generated code

/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CreateAgentInput = {
  description?: string | null | undefined;
  name: string;
};

export type CreateEndpointInput = {
  channels?: Array<string> | null | undefined;
  description?: string | null | undefined;
  /** Event types or `prefix.*` patterns; empty = all. */
  eventTypes?: Array<string> | null | undefined;
  headers?: Array<HeaderInput> | null | undefined;
  /** Deliveries per second at most. */
  rateLimit?: number | null | undefined;
  /** Delays after the first try, e.g. `0s,5s,30s,2m`. */
  retrySchedule?: string | null | undefined;
  /** Header for HMAC_SHA256_HEX, e.g. X-Webhook-Signature-256. */
  signatureHeader?: string | null | undefined;
  signatureScheme?: SignatureScheme | null | undefined;
  /** 1 to 30 seconds; default 15. */
  timeoutSeconds?: number | null | undefined;
  /** HTTPS URL, at most 2048 characters. */
  url: string;
};

export type CreateEventTypeInput = {
  description?: string | null | undefined;
  /** Dotted lower-case name, e.g. `invoice.paid`. */
  name: string;
  /** JSON Schema of `data`; omit to accept any object. */
  schema?: unknown;
};

export type CreateTriggerInput = {
  agentId: string;
  /** Hostnames, IPs or CIDRs; empty allows any source. */
  allowedSources?: Array<string> | null | undefined;
  description?: string | null | undefined;
  requireSignature?: boolean | null | undefined;
};

export type DeliveryStatus =
  | 'FAILED'
  | 'PENDING'
  | 'SUCCEEDED';

export type EndpointStatus =
  | 'DISABLED'
  | 'ENABLED';

export type HeaderInput = {
  name: string;
  value: string;
};

export type PublishEventInput = {
  channels?: Array<string> | null | undefined;
  data: unknown;
  /** The same key within 24 h returns the first message. */
  idempotencyKey?: string | null | undefined;
  type: string;
};

export type RegisterAgentWebhookInput = {
  /** Required with a tenant key; implied by an agent key. */
  agentId?: string | null | undefined;
  description?: string | null | undefined;
  /** Default: the agent's own run events (`run.*`). */
  eventTypes?: Array<string> | null | undefined;
  url: string;
};

export type SignatureScheme =
  /** `sha256=<hex HMAC of the raw body>` in `signatureHeader`, for legacy receivers. */
  | 'HMAC_SHA256_HEX'
  /** Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature. */
  | 'STANDARD';

export type UnregisterAgentWebhookInput = {
  agentId?: string | null | undefined;
  url: string;
};

export type UpdateEndpointInput = {
  channels?: Array<string> | null | undefined;
  description?: string | null | undefined;
  /** Event types or `prefix.*` patterns; empty = all. */
  eventTypes?: Array<string> | null | undefined;
  headers?: Array<HeaderInput> | null | undefined;
  id: string;
  /** Deliveries per second at most. */
  rateLimit?: number | null | undefined;
  /** Delays after the first try, e.g. `0s,5s,30s,2m`. */
  retrySchedule?: string | null | undefined;
  /** Header for HMAC_SHA256_HEX, e.g. X-Webhook-Signature-256. */
  signatureHeader?: string | null | undefined;
  signatureScheme?: SignatureScheme | null | undefined;
  /** 1 to 30 seconds; default 15. */
  timeoutSeconds?: number | null | undefined;
  /** HTTPS URL, at most 2048 characters. */
  url?: string | null | undefined;
};

export type AgentsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AgentsQuery = { agents: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, description: string | null, createdAt: string }> } };

export type CreateAgentMutationVariables = Exact<{
  input: CreateAgentInput;
}>;


export type CreateAgentMutation = { createAgent:
    | { __typename: 'ConflictError', message: string }
    | { __typename: 'CreateAgentPayload', agent: { id: string, name: string, description: string | null, createdAt: string } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type RegisterAgentWebhookMutationVariables = Exact<{
  input: RegisterAgentWebhookInput;
}>;


export type RegisterAgentWebhookMutation = { registerAgentWebhook:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
    | { __typename: 'RegisterAgentWebhookPayload', created: boolean, signingSecret: string, endpoint: { id: string, url: string, eventTypes: Array<string>, agentId: string | null } }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type UnregisterAgentWebhookMutationVariables = Exact<{
  input: UnregisterAgentWebhookInput;
}>;


export type UnregisterAgentWebhookMutation = { unregisterAgentWebhook:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
    | { __typename: 'UnregisterAgentWebhookPayload', removed: boolean }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { keyId: string, scope: string, agentId: string | null } };

export type EndpointFieldsFragment = { id: string, url: string, description: string, agentId: string | null, eventTypes: Array<string>, channels: Array<string>, rateLimit: number | null, retrySchedule: string | null, timeoutSeconds: number, signatureScheme: SignatureScheme, signatureHeader: string | null, status: EndpointStatus, disabledReason: string | null, disabledAt: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, createdAt: string, updatedAt: string, headers: Array<{ name: string, value: string }> };

type ClientError_ConflictError_Fragment = { __typename: 'ConflictError', message: string };

type ClientError_ForbiddenError_Fragment = { __typename: 'ForbiddenError', message: string };

type ClientError_NotFoundError_Fragment = { __typename: 'NotFoundError', resource: string, id: string, message: string };

type ClientError_ValidationError_Fragment = { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> };

export type ClientErrorFragment =
  | ClientError_ConflictError_Fragment
  | ClientError_ForbiddenError_Fragment
  | ClientError_NotFoundError_Fragment
  | ClientError_ValidationError_Fragment
;

export type EndpointsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: EndpointStatus | null | undefined;
  eventType?: string | null | undefined;
}>;


export type EndpointsQuery = { endpoints: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, url: string, description: string, agentId: string | null, eventTypes: Array<string>, channels: Array<string>, rateLimit: number | null, retrySchedule: string | null, timeoutSeconds: number, signatureScheme: SignatureScheme, signatureHeader: string | null, status: EndpointStatus, disabledReason: string | null, disabledAt: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, createdAt: string, updatedAt: string, headers: Array<{ name: string, value: string }> }> } };

export type EndpointQueryVariables = Exact<{
  id: string;
  statsSince?: string | null | undefined;
}>;


export type EndpointQuery = { endpoint: { id: string, url: string, description: string, agentId: string | null, eventTypes: Array<string>, channels: Array<string>, rateLimit: number | null, retrySchedule: string | null, timeoutSeconds: number, signatureScheme: SignatureScheme, signatureHeader: string | null, status: EndpointStatus, disabledReason: string | null, disabledAt: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, createdAt: string, updatedAt: string, stats: { since: string, total: number, succeeded: number, failed: number, pending: number, successRate: number | null }, headers: Array<{ name: string, value: string }> } | null };

export type CreateEndpointMutationVariables = Exact<{
  input: CreateEndpointInput;
}>;


export type CreateEndpointMutation = { createEndpoint:
    | { __typename: 'CreateEndpointPayload', signingSecret: string, endpoint: { id: string, url: string, description: string, agentId: string | null, eventTypes: Array<string>, channels: Array<string>, rateLimit: number | null, retrySchedule: string | null, timeoutSeconds: number, signatureScheme: SignatureScheme, signatureHeader: string | null, status: EndpointStatus, disabledReason: string | null, disabledAt: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, createdAt: string, updatedAt: string, headers: Array<{ name: string, value: string }> } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type UpdateEndpointMutationVariables = Exact<{
  input: UpdateEndpointInput;
}>;


export type UpdateEndpointMutation = { updateEndpoint:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
    | { __typename: 'UpdateEndpointPayload', endpoint: { id: string, url: string, description: string, agentId: string | null, eventTypes: Array<string>, channels: Array<string>, rateLimit: number | null, retrySchedule: string | null, timeoutSeconds: number, signatureScheme: SignatureScheme, signatureHeader: string | null, status: EndpointStatus, disabledReason: string | null, disabledAt: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, createdAt: string, updatedAt: string, headers: Array<{ name: string, value: string }> } }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type DeleteEndpointMutationVariables = Exact<{
  id: string;
}>;


export type DeleteEndpointMutation = { deleteEndpoint:
    | { __typename: 'DeleteEndpointPayload', deletedId: string }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
   };

export type EnableEndpointMutationVariables = Exact<{
  id: string;
}>;


export type EnableEndpointMutation = { enableEndpoint:
    | { __typename: 'EnableEndpointPayload', endpoint: { id: string, url: string, description: string, agentId: string | null, eventTypes: Array<string>, channels: Array<string>, rateLimit: number | null, retrySchedule: string | null, timeoutSeconds: number, signatureScheme: SignatureScheme, signatureHeader: string | null, status: EndpointStatus, disabledReason: string | null, disabledAt: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, createdAt: string, updatedAt: string, headers: Array<{ name: string, value: string }> } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
   };

export type DisableEndpointMutationVariables = Exact<{
  id: string;
  reason?: string | null | undefined;
}>;


export type DisableEndpointMutation = { disableEndpoint:
    | { __typename: 'DisableEndpointPayload', endpoint: { id: string, url: string, description: string, agentId: string | null, eventTypes: Array<string>, channels: Array<string>, rateLimit: number | null, retrySchedule: string | null, timeoutSeconds: number, signatureScheme: SignatureScheme, signatureHeader: string | null, status: EndpointStatus, disabledReason: string | null, disabledAt: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, createdAt: string, updatedAt: string, headers: Array<{ name: string, value: string }> } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type RotateEndpointSecretMutationVariables = Exact<{
  id: string;
  graceSeconds?: number | null | undefined;
}>;


export type RotateEndpointSecretMutation = { rotateEndpointSecret:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
    | { __typename: 'RotateEndpointSecretPayload', signingSecret: string, endpoint: { id: string } }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type SendTestEventMutationVariables = Exact<{
  endpointId: string;
}>;


export type SendTestEventMutation = { sendTestEvent:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
    | { __typename: 'SendReport', success: boolean, statusCode: number | null, latencyMs: number, responseBody: string | null, error: string | null }
   };

export type RecoverEndpointMutationVariables = Exact<{
  endpointId: string;
  since: string;
  until?: string | null | undefined;
}>;


export type RecoverEndpointMutation = { recoverEndpoint:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
    | { __typename: 'RecoverEndpointPayload', deliveriesQueued: number }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type EventTypesQueryVariables = Exact<{ [key: string]: never; }>;


export type EventTypesQuery = { eventTypes: Array<{ name: string, description: string, schema: unknown, builtIn: boolean, createdAt: string | null }> };

export type CreateEventTypeMutationVariables = Exact<{
  input: CreateEventTypeInput;
}>;


export type CreateEventTypeMutation = { createEventType:
    | { __typename: 'ConflictError', message: string }
    | { __typename: 'CreateEventTypePayload', eventType: { name: string, description: string, schema: unknown, builtIn: boolean } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type AttemptFieldsFragment = { id: string, attemptNumber: number, url: string, requestHeaders: unknown, statusCode: number | null, responseBody: string | null, durationMs: number, errorCode: string | null, error: string | null, createdAt: string };

export type MessagesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  eventType?: string | null | undefined;
  since?: string | null | undefined;
  until?: string | null | undefined;
  status?: DeliveryStatus | null | undefined;
}>;


export type MessagesQuery = { messages: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, eventType: string, channels: Array<string>, idempotencyKey: string | null, createdAt: string }> } };

export type MessageQueryVariables = Exact<{
  id: string;
}>;


export type MessageQuery = { message: { id: string, eventType: string, payload: unknown, channels: Array<string>, idempotencyKey: string | null, createdAt: string, deliveries: Array<{ id: string, endpointId: string | null, url: string, status: DeliveryStatus, attemptCount: number, nextAttemptAt: string | null, lastStatusCode: number | null, lastError: string | null, attempts: Array<{ id: string, attemptNumber: number, url: string, requestHeaders: unknown, statusCode: number | null, responseBody: string | null, durationMs: number, errorCode: string | null, error: string | null, createdAt: string }> }> } | null };

export type PublishEventMutationVariables = Exact<{
  input: PublishEventInput;
}>;


export type PublishEventMutation = { publishEvent:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'PublishEventPayload', created: boolean, published: { id: string, eventType: string, createdAt: string } }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ReplayMessageMutationVariables = Exact<{
  messageId: string;
  endpointId?: string | null | undefined;
}>;


export type ReplayMessageMutation = { replayMessage:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
    | { __typename: 'ReplayMessagePayload', deliveriesQueued: number }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type TriggerFieldsFragment = { id: string, agentId: string, description: string, url: string, allowedSources: Array<string>, requireSignature: boolean, enabled: boolean, createdAt: string };

export type TriggersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  agentId?: string | null | undefined;
}>;


export type TriggersQuery = { triggers: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, agentId: string, description: string, url: string, allowedSources: Array<string>, requireSignature: boolean, enabled: boolean, createdAt: string }> } };

export type CreateTriggerMutationVariables = Exact<{
  input: CreateTriggerInput;
}>;


export type CreateTriggerMutation = { createTrigger:
    | { __typename: 'CreateTriggerPayload', url: string, secret: string, trigger: { id: string, agentId: string, description: string, url: string, allowedSources: Array<string>, requireSignature: boolean, enabled: boolean, createdAt: string } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type RotateTriggerSecretMutationVariables = Exact<{
  id: string;
}>;


export type RotateTriggerSecretMutation = { rotateTriggerSecret:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
    | { __typename: 'RotateTriggerSecretPayload', secret: string, trigger: { id: string } }
   };

export type DisableTriggerMutationVariables = Exact<{
  id: string;
}>;


export type DisableTriggerMutation = { disableTrigger:
    | { __typename: 'DisableTriggerPayload', trigger: { id: string, agentId: string, description: string, url: string, allowedSources: Array<string>, requireSignature: boolean, enabled: boolean, createdAt: string } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
   };

export type EnableTriggerMutationVariables = Exact<{
  id: string;
}>;


export type EnableTriggerMutation = { enableTrigger:
    | { __typename: 'EnableTriggerPayload', trigger: { id: string, agentId: string, description: string, url: string, allowedSources: Array<string>, requireSignature: boolean, enabled: boolean, createdAt: string } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
   };

export type DeleteTriggerMutationVariables = Exact<{
  id: string;
}>;


export type DeleteTriggerMutation = { deleteTrigger:
    | { __typename: 'DeleteTriggerPayload', deletedId: string }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resource: string, id: string, message: string }
   };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const EndpointFieldsFragmentDoc = new TypedDocumentString(`
    fragment EndpointFields on Endpoint {
  id
  url
  description
  agentId
  eventTypes
  channels
  headers {
    name
    value
  }
  rateLimit
  retrySchedule
  timeoutSeconds
  signatureScheme
  signatureHeader
  status
  disabledReason
  disabledAt
  lastSuccessAt
  lastFailureAt
  createdAt
  updatedAt
}
    `, {"fragmentName":"EndpointFields"}) as unknown as TypedDocumentString<EndpointFieldsFragment, unknown>;
export const ClientErrorFragmentDoc = new TypedDocumentString(`
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}
    `, {"fragmentName":"ClientError"}) as unknown as TypedDocumentString<ClientErrorFragment, unknown>;
export const AttemptFieldsFragmentDoc = new TypedDocumentString(`
    fragment AttemptFields on Attempt {
  id
  attemptNumber
  url
  requestHeaders
  statusCode
  responseBody
  durationMs
  errorCode
  error
  createdAt
}
    `, {"fragmentName":"AttemptFields"}) as unknown as TypedDocumentString<AttemptFieldsFragment, unknown>;
export const TriggerFieldsFragmentDoc = new TypedDocumentString(`
    fragment TriggerFields on Trigger {
  id
  agentId
  description
  url
  allowedSources
  requireSignature
  enabled
  createdAt
}
    `, {"fragmentName":"TriggerFields"}) as unknown as TypedDocumentString<TriggerFieldsFragment, unknown>;
export const AgentsDocument = new TypedDocumentString(`
    query Agents($first: Int, $after: String) {
  agents(first: $first, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      name
      description
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<AgentsQuery, AgentsQueryVariables>;
export const CreateAgentDocument = new TypedDocumentString(`
    mutation CreateAgent($input: CreateAgentInput!) {
  createAgent(input: $input) {
    __typename
    ... on CreateAgentPayload {
      agent {
        id
        name
        description
        createdAt
      }
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<CreateAgentMutation, CreateAgentMutationVariables>;
export const RegisterAgentWebhookDocument = new TypedDocumentString(`
    mutation RegisterAgentWebhook($input: RegisterAgentWebhookInput!) {
  registerAgentWebhook(input: $input) {
    __typename
    ... on RegisterAgentWebhookPayload {
      created
      signingSecret
      endpoint {
        id
        url
        eventTypes
        agentId
      }
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<RegisterAgentWebhookMutation, RegisterAgentWebhookMutationVariables>;
export const UnregisterAgentWebhookDocument = new TypedDocumentString(`
    mutation UnregisterAgentWebhook($input: UnregisterAgentWebhookInput!) {
  unregisterAgentWebhook(input: $input) {
    __typename
    ... on UnregisterAgentWebhookPayload {
      removed
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<UnregisterAgentWebhookMutation, UnregisterAgentWebhookMutationVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    keyId
    scope
    agentId
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const EndpointsDocument = new TypedDocumentString(`
    query Endpoints($first: Int, $after: String, $status: EndpointStatus, $eventType: String) {
  endpoints(first: $first, after: $after, status: $status, eventType: $eventType) {
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...EndpointFields
    }
  }
}
    fragment EndpointFields on Endpoint {
  id
  url
  description
  agentId
  eventTypes
  channels
  headers {
    name
    value
  }
  rateLimit
  retrySchedule
  timeoutSeconds
  signatureScheme
  signatureHeader
  status
  disabledReason
  disabledAt
  lastSuccessAt
  lastFailureAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<EndpointsQuery, EndpointsQueryVariables>;
export const EndpointDocument = new TypedDocumentString(`
    query Endpoint($id: ID!, $statsSince: DateTime) {
  endpoint(id: $id) {
    ...EndpointFields
    stats(since: $statsSince) {
      since
      total
      succeeded
      failed
      pending
      successRate
    }
  }
}
    fragment EndpointFields on Endpoint {
  id
  url
  description
  agentId
  eventTypes
  channels
  headers {
    name
    value
  }
  rateLimit
  retrySchedule
  timeoutSeconds
  signatureScheme
  signatureHeader
  status
  disabledReason
  disabledAt
  lastSuccessAt
  lastFailureAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<EndpointQuery, EndpointQueryVariables>;
export const CreateEndpointDocument = new TypedDocumentString(`
    mutation CreateEndpoint($input: CreateEndpointInput!) {
  createEndpoint(input: $input) {
    __typename
    ... on CreateEndpointPayload {
      signingSecret
      endpoint {
        ...EndpointFields
      }
    }
    ...ClientError
  }
}
    fragment EndpointFields on Endpoint {
  id
  url
  description
  agentId
  eventTypes
  channels
  headers {
    name
    value
  }
  rateLimit
  retrySchedule
  timeoutSeconds
  signatureScheme
  signatureHeader
  status
  disabledReason
  disabledAt
  lastSuccessAt
  lastFailureAt
  createdAt
  updatedAt
}
fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<CreateEndpointMutation, CreateEndpointMutationVariables>;
export const UpdateEndpointDocument = new TypedDocumentString(`
    mutation UpdateEndpoint($input: UpdateEndpointInput!) {
  updateEndpoint(input: $input) {
    __typename
    ... on UpdateEndpointPayload {
      endpoint {
        ...EndpointFields
      }
    }
    ...ClientError
  }
}
    fragment EndpointFields on Endpoint {
  id
  url
  description
  agentId
  eventTypes
  channels
  headers {
    name
    value
  }
  rateLimit
  retrySchedule
  timeoutSeconds
  signatureScheme
  signatureHeader
  status
  disabledReason
  disabledAt
  lastSuccessAt
  lastFailureAt
  createdAt
  updatedAt
}
fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<UpdateEndpointMutation, UpdateEndpointMutationVariables>;
export const DeleteEndpointDocument = new TypedDocumentString(`
    mutation DeleteEndpoint($id: ID!) {
  deleteEndpoint(input: {id: $id}) {
    __typename
    ... on DeleteEndpointPayload {
      deletedId
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<DeleteEndpointMutation, DeleteEndpointMutationVariables>;
export const EnableEndpointDocument = new TypedDocumentString(`
    mutation EnableEndpoint($id: ID!) {
  enableEndpoint(input: {id: $id}) {
    __typename
    ... on EnableEndpointPayload {
      endpoint {
        ...EndpointFields
      }
    }
    ...ClientError
  }
}
    fragment EndpointFields on Endpoint {
  id
  url
  description
  agentId
  eventTypes
  channels
  headers {
    name
    value
  }
  rateLimit
  retrySchedule
  timeoutSeconds
  signatureScheme
  signatureHeader
  status
  disabledReason
  disabledAt
  lastSuccessAt
  lastFailureAt
  createdAt
  updatedAt
}
fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<EnableEndpointMutation, EnableEndpointMutationVariables>;
export const DisableEndpointDocument = new TypedDocumentString(`
    mutation DisableEndpoint($id: ID!, $reason: String) {
  disableEndpoint(input: {id: $id, reason: $reason}) {
    __typename
    ... on DisableEndpointPayload {
      endpoint {
        ...EndpointFields
      }
    }
    ...ClientError
  }
}
    fragment EndpointFields on Endpoint {
  id
  url
  description
  agentId
  eventTypes
  channels
  headers {
    name
    value
  }
  rateLimit
  retrySchedule
  timeoutSeconds
  signatureScheme
  signatureHeader
  status
  disabledReason
  disabledAt
  lastSuccessAt
  lastFailureAt
  createdAt
  updatedAt
}
fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<DisableEndpointMutation, DisableEndpointMutationVariables>;
export const RotateEndpointSecretDocument = new TypedDocumentString(`
    mutation RotateEndpointSecret($id: ID!, $graceSeconds: Int) {
  rotateEndpointSecret(input: {id: $id, graceSeconds: $graceSeconds}) {
    __typename
    ... on RotateEndpointSecretPayload {
      signingSecret
      endpoint {
        id
      }
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<RotateEndpointSecretMutation, RotateEndpointSecretMutationVariables>;
export const SendTestEventDocument = new TypedDocumentString(`
    mutation SendTestEvent($endpointId: ID!) {
  sendTestEvent(input: {endpointId: $endpointId}) {
    __typename
    ... on SendReport {
      success
      statusCode
      latencyMs
      responseBody
      error
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<SendTestEventMutation, SendTestEventMutationVariables>;
export const RecoverEndpointDocument = new TypedDocumentString(`
    mutation RecoverEndpoint($endpointId: ID!, $since: DateTime!, $until: DateTime) {
  recoverEndpoint(input: {endpointId: $endpointId, since: $since, until: $until}) {
    __typename
    ... on RecoverEndpointPayload {
      deliveriesQueued
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<RecoverEndpointMutation, RecoverEndpointMutationVariables>;
export const EventTypesDocument = new TypedDocumentString(`
    query EventTypes {
  eventTypes {
    name
    description
    schema
    builtIn
    createdAt
  }
}
    `) as unknown as TypedDocumentString<EventTypesQuery, EventTypesQueryVariables>;
export const CreateEventTypeDocument = new TypedDocumentString(`
    mutation CreateEventType($input: CreateEventTypeInput!) {
  createEventType(input: $input) {
    __typename
    ... on CreateEventTypePayload {
      eventType {
        name
        description
        schema
        builtIn
      }
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<CreateEventTypeMutation, CreateEventTypeMutationVariables>;
export const MessagesDocument = new TypedDocumentString(`
    query Messages($first: Int, $after: String, $eventType: String, $since: DateTime, $until: DateTime, $status: DeliveryStatus) {
  messages(
    first: $first
    after: $after
    eventType: $eventType
    since: $since
    until: $until
    status: $status
  ) {
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      eventType
      channels
      idempotencyKey
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<MessagesQuery, MessagesQueryVariables>;
export const MessageDocument = new TypedDocumentString(`
    query Message($id: ID!) {
  message(id: $id) {
    id
    eventType
    payload
    channels
    idempotencyKey
    createdAt
    deliveries {
      id
      endpointId
      url
      status
      attemptCount
      nextAttemptAt
      lastStatusCode
      lastError
      attempts {
        ...AttemptFields
      }
    }
  }
}
    fragment AttemptFields on Attempt {
  id
  attemptNumber
  url
  requestHeaders
  statusCode
  responseBody
  durationMs
  errorCode
  error
  createdAt
}`) as unknown as TypedDocumentString<MessageQuery, MessageQueryVariables>;
export const PublishEventDocument = new TypedDocumentString(`
    mutation PublishEvent($input: PublishEventInput!) {
  publishEvent(input: $input) {
    __typename
    ... on PublishEventPayload {
      created
      published: message {
        id
        eventType
        createdAt
      }
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<PublishEventMutation, PublishEventMutationVariables>;
export const ReplayMessageDocument = new TypedDocumentString(`
    mutation ReplayMessage($messageId: ID!, $endpointId: ID) {
  replayMessage(input: {messageId: $messageId, endpointId: $endpointId}) {
    __typename
    ... on ReplayMessagePayload {
      deliveriesQueued
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<ReplayMessageMutation, ReplayMessageMutationVariables>;
export const TriggersDocument = new TypedDocumentString(`
    query Triggers($first: Int, $after: String, $agentId: String) {
  triggers(first: $first, after: $after, agentId: $agentId) {
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...TriggerFields
    }
  }
}
    fragment TriggerFields on Trigger {
  id
  agentId
  description
  url
  allowedSources
  requireSignature
  enabled
  createdAt
}`) as unknown as TypedDocumentString<TriggersQuery, TriggersQueryVariables>;
export const CreateTriggerDocument = new TypedDocumentString(`
    mutation CreateTrigger($input: CreateTriggerInput!) {
  createTrigger(input: $input) {
    __typename
    ... on CreateTriggerPayload {
      url
      secret
      trigger {
        ...TriggerFields
      }
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}
fragment TriggerFields on Trigger {
  id
  agentId
  description
  url
  allowedSources
  requireSignature
  enabled
  createdAt
}`) as unknown as TypedDocumentString<CreateTriggerMutation, CreateTriggerMutationVariables>;
export const RotateTriggerSecretDocument = new TypedDocumentString(`
    mutation RotateTriggerSecret($id: ID!) {
  rotateTriggerSecret(input: {id: $id}) {
    __typename
    ... on RotateTriggerSecretPayload {
      secret
      trigger {
        id
      }
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<RotateTriggerSecretMutation, RotateTriggerSecretMutationVariables>;
export const DisableTriggerDocument = new TypedDocumentString(`
    mutation DisableTrigger($id: ID!) {
  disableTrigger(input: {id: $id}) {
    __typename
    ... on DisableTriggerPayload {
      trigger {
        ...TriggerFields
      }
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}
fragment TriggerFields on Trigger {
  id
  agentId
  description
  url
  allowedSources
  requireSignature
  enabled
  createdAt
}`) as unknown as TypedDocumentString<DisableTriggerMutation, DisableTriggerMutationVariables>;
export const EnableTriggerDocument = new TypedDocumentString(`
    mutation EnableTrigger($id: ID!) {
  enableTrigger(input: {id: $id}) {
    __typename
    ... on EnableTriggerPayload {
      trigger {
        ...TriggerFields
      }
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}
fragment TriggerFields on Trigger {
  id
  agentId
  description
  url
  allowedSources
  requireSignature
  enabled
  createdAt
}`) as unknown as TypedDocumentString<EnableTriggerMutation, EnableTriggerMutationVariables>;
export const DeleteTriggerDocument = new TypedDocumentString(`
    mutation DeleteTrigger($id: ID!) {
  deleteTrigger(input: {id: $id}) {
    __typename
    ... on DeleteTriggerPayload {
      deletedId
    }
    ...ClientError
  }
}
    fragment ClientError on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NotFoundError {
    resource
    id
  }
}`) as unknown as TypedDocumentString<DeleteTriggerMutation, DeleteTriggerMutationVariables>;