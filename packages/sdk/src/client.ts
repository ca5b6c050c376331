// The typed Herald client: REST (openapi-fetch over the generated paths) and GraphQL (typed
// documents generated from the schema). Retries network errors and 5xx on idempotent calls,
// and gives every publish an idempotency key so a retry cannot publish twice.
import { randomUUID } from "node:crypto";
import createClient from "openapi-fetch";
import { HeraldApiError, HeraldGraphQLError, type Problem } from "./errors.js";
import * as ops from "./generated/graphql.js";
import type { components, paths } from "./generated/openapi.js";

type S = components["schemas"];
export type CreateRunBody = S["CreateRunBody"];
export type CompleteRunBody = S["CompleteRunBody"];
export type PublishEventBody = S["PublishEventBody"];
export type SendReport = S["SendReport"];
export type Message = S["Message"];
export type RunList = S["RunList"];

export interface HeraldOptions {
  baseUrl: string;
  apiKey: string;
  /** Tries after the first for network errors and 5xx on idempotent requests. Default 2. */
  retries?: number;
  fetch?: typeof globalThis.fetch;
}

interface TypedDocument<TResult, TVariables> {
  toString(): string;
  __apiType?: (variables: TVariables) => TResult;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryingFetch(inner: typeof fetch, retries: number): typeof fetch {
  return async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    const idempotent = request.method === "GET" || request.headers.has("idempotency-key");
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await inner(request.clone());
        if (!idempotent || response.status < 500 || attempt >= retries) return response;
      } catch (error) {
        if (!idempotent || attempt >= retries) throw error;
      }
      await sleep(100 * 4 ** attempt);
    }
  };
}

export function createHerald(options: HeraldOptions) {
  const baseUrl = options.baseUrl.replace(/\/$/, "");
  const fetchImpl = retryingFetch(options.fetch ?? globalThis.fetch, options.retries ?? 2);
  const headers = { authorization: `Bearer ${options.apiKey}` };
  const rest = createClient<paths>({ baseUrl, headers, fetch: fetchImpl });

  function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
    if (!result.response.ok || result.data === undefined) {
      throw new HeraldApiError(
        result.response.status,
        result.error as Problem | undefined,
        result.response.headers,
      );
    }
    return result.data;
  }

  async function graphql<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...[variables]: TVariables extends Record<string, never> ? [] | [TVariables] : [TVariables]
  ): Promise<TResult> {
    const response = await fetchImpl(`${baseUrl}/graphql`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      data?: TResult;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
    if (body.errors?.length) throw new HeraldGraphQLError(body.errors);
    if (!response.ok || !body.data)
      throw new HeraldApiError(response.status, undefined, response.headers);
    return body.data;
  }

  const runId = (id: string) => ({ params: { path: { id } } });

  return {
    runs: {
      create: async (body: CreateRunBody) => unwrap(await rest.POST("/v1/runs", { body })),
      get: async (id: string) => unwrap(await rest.GET("/v1/runs/{id}", runId(id))),
      list: async (query: NonNullable<paths["/v1/runs"]["get"]["parameters"]["query"]> = {}) =>
        unwrap(await rest.GET("/v1/runs", { params: { query } })),
      start: async (id: string) => unwrap(await rest.POST("/v1/runs/{id}/start", runId(id))),
      complete: async (id: string, body: CompleteRunBody) =>
        unwrap(await rest.POST("/v1/runs/{id}/complete", { ...runId(id), body })),
      replayWebhook: async (id: string, body: { overrideWebhookUrl?: string } = {}) =>
        unwrap(await rest.POST("/v1/runs/{id}/webhook/replay", { ...runId(id), body })),
    },
    events: {
      publish: async (body: PublishEventBody, opts: { idempotencyKey?: string } = {}) =>
        unwrap(
          await rest.POST("/v1/events", {
            body,
            params: {
              header: { "Idempotency-Key": opts.idempotencyKey ?? `auto_${randomUUID()}` },
            },
          }),
        ),
    },
    webhooks: {
      test: async (body: { url: string } | { endpointId: string }) =>
        unwrap(await rest.POST("/v1/webhooks/test", { body })),
    },
    triggers: {
      get: async (id: string) =>
        unwrap(await rest.GET("/v1/triggers/{id}", { params: { path: { id } } })),
    },
    /** Any typed operation; the named helpers below cover the common ones. */
    graphql,
    endpoints: {
      list: (variables: ops.EndpointsQueryVariables = {}) =>
        graphql(ops.EndpointsDocument, variables),
      get: (id: string) => graphql(ops.EndpointDocument, { id }),
      create: (input: ops.CreateEndpointInput) => graphql(ops.CreateEndpointDocument, { input }),
      update: (input: ops.UpdateEndpointInput) => graphql(ops.UpdateEndpointDocument, { input }),
      delete: (id: string) => graphql(ops.DeleteEndpointDocument, { id }),
      enable: (id: string) => graphql(ops.EnableEndpointDocument, { id }),
      disable: (id: string, reason?: string) =>
        graphql(ops.DisableEndpointDocument, { id, reason }),
      rotateSecret: (id: string, graceSeconds?: number) =>
        graphql(ops.RotateEndpointSecretDocument, { id, graceSeconds }),
      sendTest: (endpointId: string) => graphql(ops.SendTestEventDocument, { endpointId }),
      recover: (endpointId: string, since: Date, until?: Date) =>
        graphql(ops.RecoverEndpointDocument, {
          endpointId,
          since: since.toISOString(),
          until: until?.toISOString(),
        }),
    },
    eventTypes: {
      list: () => graphql(ops.EventTypesDocument),
      create: (input: ops.CreateEventTypeInput) => graphql(ops.CreateEventTypeDocument, { input }),
    },
    messages: {
      list: (variables: ops.MessagesQueryVariables = {}) =>
        graphql(ops.MessagesDocument, variables),
      get: (id: string) => graphql(ops.MessageDocument, { id }),
      replay: (messageId: string, endpointId?: string) =>
        graphql(ops.ReplayMessageDocument, { messageId, endpointId }),
    },
    agents: {
      list: (variables: ops.AgentsQueryVariables = {}) => graphql(ops.AgentsDocument, variables),
      create: (input: ops.CreateAgentInput) => graphql(ops.CreateAgentDocument, { input }),
      registerWebhook: (input: ops.RegisterAgentWebhookInput) =>
        graphql(ops.RegisterAgentWebhookDocument, { input }),
      unregisterWebhook: (input: ops.UnregisterAgentWebhookInput) =>
        graphql(ops.UnregisterAgentWebhookDocument, { input }),
    },
    triggersAdmin: {
      list: (variables: ops.TriggersQueryVariables = {}) =>
        graphql(ops.TriggersDocument, variables),
      create: (input: ops.CreateTriggerInput) => graphql(ops.CreateTriggerDocument, { input }),
      rotateSecret: (id: string) => graphql(ops.RotateTriggerSecretDocument, { id }),
      disable: (id: string) => graphql(ops.DisableTriggerDocument, { id }),
      enable: (id: string) => graphql(ops.EnableTriggerDocument, { id }),
      delete: (id: string) => graphql(ops.DeleteTriggerDocument, { id }),
    },
  };
}

export type HeraldClient = ReturnType<typeof createHerald>;
