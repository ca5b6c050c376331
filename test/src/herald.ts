// Helpers for end-to-end tests: a tenant-scoped client over a running Herald fixture
// (event types, endpoints, publishing, and reading the attempt log back).
import type { HeraldFixture } from "@herald/api/testing";
import { waitUntil } from "./receiver.js";

/** JSON from the API under test: shapes are what the assertions check. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and assert on it
export type Json = any;

export interface AttemptView {
  attemptNumber: number;
  statusCode: number | null;
  responseBody: string | null;
  errorCode: string | null;
  error: string | null;
  requestHeaders: Record<string, string>;
}

export interface DeliveryView {
  id: string;
  endpointId: string | null;
  url: string;
  status: "PENDING" | "SUCCEEDED" | "FAILED";
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  attempts: AttemptView[];
}

export interface MessageView {
  id: string;
  eventType: string;
  idempotencyKey: string | null;
  deliveries: DeliveryView[];
}

export interface PublishResponse {
  status: number;
  headers: Headers;
  body: Json;
}

const MESSAGE_QUERY = `query($id: ID!) { message(id: $id) {
  id eventType idempotencyKey
  deliveries { id endpointId url status attemptCount lastStatusCode lastError
    attempts { attemptNumber statusCode responseBody errorCode error requestHeaders } } } }`;

export class TenantClient {
  constructor(
    readonly h: HeraldFixture,
    readonly tenantId: string,
    readonly key: string,
  ) {}

  static async create(h: HeraldFixture, name?: string): Promise<TenantClient> {
    const tenant = await h.createTenant(name);
    return new TenantClient(h, tenant.id, tenant.key);
  }

  gql<T = Json>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.h.gql<T>(query, variables, this.key);
  }

  async createEventType(name: string, schema?: Record<string, unknown>): Promise<void> {
    const data = await this.gql(
      `mutation($input: CreateEventTypeInput!) { createEventType(input: $input) { __typename } }`,
      { input: { name, ...(schema ? { schema } : {}) } },
    );
    if (data.createEventType.__typename !== "CreateEventTypePayload") {
      throw new Error(`createEventType ${name}: ${JSON.stringify(data.createEventType)}`);
    }
  }

  /** Creates an endpoint through GraphQL; throws unless the payload is a success. */
  async createEndpoint(input: Record<string, unknown>): Promise<{ id: string; secret: string }> {
    const data = await this.createEndpointRaw(input);
    if (data.__typename !== "CreateEndpointPayload") {
      throw new Error(`createEndpoint failed: ${JSON.stringify(data)}`);
    }
    return { id: data.endpoint.id, secret: data.signingSecret };
  }

  async createEndpointRaw(input: Record<string, unknown>): Promise<Json> {
    const data = await this.gql(
      `mutation($input: CreateEndpointInput!) { createEndpoint(input: $input) {
        __typename
        ... on CreateEndpointPayload { endpoint { id } signingSecret }
        ... on ValidationError { message }
        ... on ForbiddenError { message } } }`,
      { input },
    );
    return data.createEndpoint;
  }

  async endpoint(id: string): Promise<{
    status: "ENABLED" | "DISABLED";
    disabledReason: string | null;
    signingSecret: string;
  } | null> {
    const data = await this.gql(
      `query($id: ID!) { endpoint(id: $id) { status disabledReason signingSecret } }`,
      { id },
    );
    return data.endpoint;
  }

  /** POST /v1/events. */
  async publish(
    type: string,
    data: unknown,
    headers: Record<string, string> = {},
  ): Promise<PublishResponse> {
    const res = await fetch(`${this.h.url}/v1/events`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${this.key}`,
        "content-type": "application/json",
        ...headers,
      },
      body: JSON.stringify({ type, data }),
    });
    return { status: res.status, headers: res.headers, body: await res.json() };
  }

  /** Publishes and returns the message id, failing unless the API accepted the event. */
  async publishOk(type: string, data: unknown): Promise<string> {
    const res = await this.publish(type, data);
    if (res.status !== 202)
      throw new Error(`publish ${type}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  async message(id: string): Promise<MessageView | null> {
    const data = await this.gql(MESSAGE_QUERY, { id });
    return data.message;
  }

  /** Waits until the message has `count` deliveries and none is pending any more. */
  async waitForSettled(messageId: string, count = 1, timeoutMs = 30_000): Promise<MessageView> {
    return waitUntil(
      async () => {
        const m = await this.message(messageId);
        if (!m || m.deliveries.length < count) return undefined;
        return m.deliveries.every((d) => d.status !== "PENDING") ? m : undefined;
      },
      timeoutMs,
      `message ${messageId} to settle`,
    );
  }

  /** POST to a REST path with this tenant's key; returns status and parsed JSON. */
  async rest(path: string, body: unknown): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${this.h.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
