// A bench tenant: created through the admin key, with a free-form event type, endpoints
// made through GraphQL, and events published through REST as a customer would.
import type { HeraldProcesses, Json } from "./herald.js";
import { mapLimit } from "./stats.js";

export const EVENT_TYPE = "bench.event";

export interface EndpointSpec {
  url: string;
  channels?: string[];
  timeoutSeconds?: number;
  retrySchedule?: string;
}

export interface Published {
  id: string;
  /** performance.now() when the API answered 202. */
  acceptedAt: number;
}

export class BenchTenant {
  private constructor(
    readonly herald: HeraldProcesses,
    readonly key: string,
  ) {}

  static async create(herald: HeraldProcesses, name = "bench"): Promise<BenchTenant> {
    const data = await herald.gql<Json>(
      `mutation($name: String!) { createTenant(input: {name: $name}) {
        __typename ... on CreateTenantPayload { apiKey } } }`,
      { name },
    );
    const tenant = new BenchTenant(herald, data.createTenant.apiKey as string);
    const et = await tenant.gql(
      `mutation { createEventType(input: {name: "${EVENT_TYPE}", description: "bench"}) { __typename } }`,
    );
    if (et.createEventType.__typename !== "CreateEventTypePayload") {
      throw new Error(`createEventType: ${JSON.stringify(et)}`);
    }
    return tenant;
  }

  gql(query: string, variables: Record<string, unknown> = {}): Promise<Json> {
    return this.herald.gql(query, variables, this.key);
  }

  async createEndpoints(specs: EndpointSpec[], concurrency = 8): Promise<string[]> {
    return mapLimit(specs, concurrency, async (spec) => {
      const data = await this.gql(
        `mutation($input: CreateEndpointInput!) { createEndpoint(input: $input) {
          __typename ... on CreateEndpointPayload { endpoint { id } } ... on Error { message } } }`,
        {
          input: {
            url: spec.url,
            eventTypes: [EVENT_TYPE],
            ...(spec.channels ? { channels: spec.channels } : {}),
            ...(spec.timeoutSeconds ? { timeoutSeconds: spec.timeoutSeconds } : {}),
            ...(spec.retrySchedule ? { retrySchedule: spec.retrySchedule } : {}),
          },
        },
      );
      if (data.createEndpoint.__typename !== "CreateEndpointPayload") {
        throw new Error(`createEndpoint: ${JSON.stringify(data.createEndpoint)}`);
      }
      return data.createEndpoint.endpoint.id as string;
    });
  }

  /** POST /v1/events; throws unless accepted. */
  async publish(data: unknown, channels?: string[]): Promise<Published> {
    const res = await this.herald.http.request({
      method: "POST",
      path: "/v1/events",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.key}` },
      body: JSON.stringify({ type: EVENT_TYPE, data, ...(channels ? { channels } : {}) }),
    });
    const acceptedAt = performance.now();
    const body = (await res.body.json()) as { id?: string };
    if (res.statusCode !== 202 || !body.id) {
      throw new Error(`publish: ${res.statusCode} ${JSON.stringify(body)}`);
    }
    return { id: body.id, acceptedAt };
  }
}

/** A payload shaped like a run event: a few hundred bytes of JSON. */
export function samplePayload(i: number) {
  return {
    runId: `run_bench_${i}`,
    agentId: "agt_bench",
    status: "succeeded",
    output: { summary: "The agent finished its task and wrote three files.", tokens: 1834 },
    metadata: { sequence: i, region: "eu-west", tags: ["bench", "herald"] },
  };
}
