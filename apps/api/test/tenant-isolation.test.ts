// Tenant isolation through the GraphQL API: one tenant's key can neither read, change nor
// learn of another tenant's endpoints, and only valid, unrevoked keys get in at all.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { newId } from "@herald/db";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HeraldFixture, startHerald } from "../src/testing/harness.js";

let h: HeraldFixture;
let owner: postgres.Sql;
let a: { id: string; key: string };
let b: { id: string; key: string };
let epA: string;
let epB: string;
let receiver: Server;
let receiverUrl: string;
const received: string[] = [];

const CREATE = `mutation($input: CreateEndpointInput!) { createEndpoint(input: $input) {
  __typename ... on CreateEndpointPayload { endpoint { id } signingSecret } } }`;

beforeAll(async () => {
  h = await startHerald();
  owner = postgres(h.tdb.ownerUrl, { max: 1, onnotice: () => {} });
  // A local receiver: every request that reaches it is recorded by path.
  receiver = createServer((req, res) => {
    received.push(req.url ?? "");
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  a = await h.createTenant("tenant-a");
  b = await h.createTenant("tenant-b");
  const createdA = await h.gql(
    CREATE,
    { input: { url: `${receiverUrl}/a`, eventTypes: ["run.*"] } },
    a.key,
  );
  const createdB = await h.gql(
    CREATE,
    {
      input: {
        url: `${receiverUrl}/b`,
        description: "tenant B's endpoint",
        eventTypes: ["run.completed"],
        headers: [{ name: "x-b", value: "secret-b" }],
      },
    },
    b.key,
  );
  epA = createdA.createEndpoint.endpoint.id;
  epB = createdB.createEndpoint.endpoint.id;
});

afterAll(async () => {
  await owner?.end();
  await new Promise((resolve) => receiver?.close(resolve));
  await h?.stop();
});

/** Everything the database holds about an endpoint, looked at past row-level security. */
async function snapshot(id: string) {
  const endpoint = await owner`select * from endpoints where id = ${id}`;
  const secrets = await owner`select * from endpoint_secrets where endpoint_id = ${id} order by id`;
  return { endpoint, secrets };
}

/** A response with every occurrence of `id` replaced, to compare two answers' shapes. */
function normalise(body: unknown, id: string) {
  return JSON.parse(JSON.stringify(body).split(id).join("<ID>"));
}

describe("reading another tenant's endpoints", () => {
  it("endpoint(id) is null, exactly as for an id that does not exist", async () => {
    const q = `query($id: ID!) { endpoint(id: $id) { id url signingSecret } }`;
    const own = await h.gqlRaw(q, { id: epA }, a.key);
    expect(own.body.data.endpoint.id).toBe(epA);

    const theirs = await h.gqlRaw(q, { id: epB }, a.key);
    expect(theirs.body).toEqual({ data: { endpoint: null } });
    const missing = newId("endpoint");
    const none = await h.gqlRaw(q, { id: missing }, a.key);
    expect(normalise(theirs, epB)).toEqual(normalise(none, missing));
  });

  it("the endpoints connection lists only the caller's own, under every filter", async () => {
    const q = `query($status: EndpointStatus, $eventType: String) {
      endpoints(status: $status, eventType: $eventType) { nodes { id } edges { node { id } } } }`;
    for (const variables of [{}, { status: "ENABLED" }, { eventType: "run.completed" }]) {
      const data = await h.gql(q, variables, a.key);
      expect(data.endpoints.nodes, JSON.stringify(variables)).toEqual([{ id: epA }]);
      expect(data.endpoints.edges).toEqual([{ node: { id: epA } }]);
    }
    // B sees its own, so the filter really matches B's endpoint.
    const forB = await h.gql(q, { eventType: "run.completed" }, b.key);
    expect(forB.endpoints.nodes).toEqual([{ id: epB }]);
  });

  it("Relay node(id) and nodes(ids) resolve B's endpoint to null", async () => {
    const q = `query($id: ID!) { node(id: $id) { __typename id ... on Endpoint { url } } }`;
    const own = await h.gql(q, { id: epA }, a.key);
    expect(own.node).toEqual({ __typename: "Endpoint", id: epA, url: `${receiverUrl}/a` });
    const theirs = await h.gqlRaw(q, { id: epB }, a.key);
    expect(theirs.body).toEqual({ data: { node: null } });
    const missing = newId("endpoint");
    const none = await h.gqlRaw(q, { id: missing }, a.key);
    expect(normalise(theirs, epB)).toEqual(normalise(none, missing));

    const many = await h.gqlRaw(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Endpoint { url } } }`,
      { ids: [epB, epA, b.id] },
      a.key,
    );
    expect(many.body).toEqual({
      data: { nodes: [null, { id: epA, url: `${receiverUrl}/a` }, null] },
    });
  });

  it("nodes(ids) refuses more than 100 ids (variables escape the token limit)", async () => {
    const ids = Array.from({ length: 101 }, () => newId("endpoint"));
    const res = await h.gqlRaw(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, a.key);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const ok = await h.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: ids.slice(1) },
      a.key,
    );
    expect(ok.nodes).toEqual(ids.slice(1).map(() => null));
  });

  it("B's tenant and API keys are not visible as nodes either", async () => {
    const [keyB] = await owner`select id from api_keys where tenant_id = ${b.id}`;
    const res = await h.gqlRaw(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: [b.id, keyB!.id] },
      a.key,
    );
    expect(res.body).toEqual({ data: { nodes: [null, null] } });
  });
});

describe("changing another tenant's endpoints", () => {
  const mutations: { name: string; query: string; input: (id: string) => object }[] = [
    {
      name: "updateEndpoint",
      query: `mutation($input: UpdateEndpointInput!) { updateEndpoint(input: $input) {
        __typename ... on NotFoundError { message resource id }
        ... on UpdateEndpointPayload { endpoint { id description } } } }`,
      input: (id) => ({ id, description: "hijacked", url: `${receiverUrl}/evil` }),
    },
    {
      name: "disableEndpoint",
      query: `mutation($input: DisableEndpointInput!) { disableEndpoint(input: $input) {
        __typename ... on NotFoundError { message resource id }
        ... on DisableEndpointPayload { endpoint { id status } } } }`,
      input: (id) => ({ id, reason: "hijacked" }),
    },
    {
      name: "enableEndpoint",
      query: `mutation($input: EnableEndpointInput!) { enableEndpoint(input: $input) {
        __typename ... on NotFoundError { message resource id }
        ... on EnableEndpointPayload { endpoint { id status } } } }`,
      input: (id) => ({ id }),
    },
    {
      name: "rotateEndpointSecret",
      query: `mutation($input: RotateEndpointSecretInput!) { rotateEndpointSecret(input: $input) {
        __typename ... on NotFoundError { message resource id }
        ... on RotateEndpointSecretPayload { endpoint { id } signingSecret } } }`,
      input: (id) => ({ id, graceSeconds: 0 }),
    },
    {
      name: "sendTestEvent",
      query: `mutation($input: SendTestEventInput!) { sendTestEvent(input: $input) {
        __typename ... on NotFoundError { message resource id }
        ... on SendReport { success statusCode } } }`,
      input: (id) => ({ endpointId: id }),
    },
    {
      name: "recoverEndpoint",
      query: `mutation($input: RecoverEndpointInput!) { recoverEndpoint(input: $input) {
        __typename ... on NotFoundError { message resource id }
        ... on RecoverEndpointPayload { deliveriesQueued } } }`,
      input: (id) => ({ endpointId: id, since: "2020-01-01T00:00:00Z" }),
    },
    {
      name: "deleteEndpoint",
      query: `mutation($input: DeleteEndpointInput!) { deleteEndpoint(input: $input) {
        __typename ... on NotFoundError { message resource id }
        ... on DeleteEndpointPayload { deletedId } } }`,
      input: (id) => ({ id }),
    },
  ];

  it.each(mutations)(
    "$name on B's endpoint is NotFoundError, the same as for no endpoint",
    async ({ name, query, input }) => {
      const before = await snapshot(epB);
      const receivedBefore = received.length;

      const theirs = await h.gqlRaw(query, { input: input(epB) }, a.key);
      expect(theirs.status).toBe(200);
      expect(theirs.body.errors).toBeUndefined();
      expect(theirs.body.data[name]).toMatchObject({
        __typename: "NotFoundError",
        resource: "Endpoint",
        id: epB,
      });
      const missing = newId("endpoint");
      const none = await h.gqlRaw(query, { input: input(missing) }, a.key);
      expect(normalise(theirs, epB)).toEqual(normalise(none, missing));

      expect(await snapshot(epB)).toEqual(before);
      expect(received.slice(receivedBefore)).toEqual([]);
    },
  );

  it("the same mutations succeed on the caller's own endpoint (so the queries are right)", async () => {
    for (const { name, query, input } of mutations) {
      const res = await h.gql(query, { input: input(epA) }, a.key);
      expect(res[name].__typename, name).not.toBe("NotFoundError");
    }
    // sendTestEvent reached A's receiver; nothing ever reached B's.
    expect(received).toContain("/evil");
    expect(received.filter((p) => p === "/b")).toEqual([]);
    const [row] = await owner`select count(*)::int as n from endpoints where id = ${epA}`;
    expect(row!.n).toBe(0);
  });

  it("B's endpoint is exactly as B left it", async () => {
    const { endpoint, secrets } = await snapshot(epB);
    expect(endpoint).toHaveLength(1);
    expect(endpoint[0]).toMatchObject({
      tenant_id: b.id,
      url: `${receiverUrl}/b`,
      description: "tenant B's endpoint",
      status: "enabled",
      disabled_reason: null,
      headers: { "x-b": "secret-b" },
    });
    expect(secrets).toHaveLength(1);
    expect(secrets[0]!.expires_at).toBeNull();
    const data = await h.gql(`query($id: ID!) { endpoint(id: $id) { id } }`, { id: epB }, b.key);
    expect(data.endpoint).toEqual({ id: epB });
  });

  it("revokeApiKey of B's key is NotFoundError and B's key keeps working", async () => {
    const [keyB] = await owner`select id from api_keys where tenant_id = ${b.id}`;
    const res = await h.gql(
      `mutation($id: ID!) { revokeApiKey(input: {id: $id}) { __typename ... on NotFoundError { id } } }`,
      { id: keyB!.id },
      a.key,
    );
    expect(res.revokeApiKey).toEqual({ __typename: "NotFoundError", id: keyB!.id });
    const viewer = await h.gql(`{ viewer { keyId } }`, {}, b.key);
    expect(viewer.viewer.keyId).toBe(keyB!.id);
  });
});

/** The codes of a response's errors, or its typed-error typename, for "was it refused?". */
interface GqlBody {
  errors?: { message: string; extensions?: { code?: string } }[];
  data?: Record<string, { __typename?: string } | null> | null;
}
function refusal(body: GqlBody, field: string): string | undefined {
  const error = body.errors?.[0];
  if (error) return error.extensions?.code ?? error.message;
  const typename = body.data?.[field]?.__typename;
  return typename === "ForbiddenError" ? typename : undefined;
}

describe("the operator's admin key", () => {
  it("creates tenants", async () => {
    const t = await h.createTenant("by-admin");
    expect(t.id).toMatch(/^ten_/);
    expect(t.key).toMatch(/^hk_/);
  });

  const queries: [string, string][] = [
    ["viewer", `{ viewer { keyId } }`],
    ["endpoints", `{ endpoints { nodes { id } } }`],
    ["endpoint", `{ endpoint(id: "ep_X") { id } }`],
    ["eventTypes", `{ eventTypes { name } }`],
    ["agents", `{ agents { nodes { id } } }`],
    ["messages", `{ messages { nodes { id } } }`],
    ["message", `{ message(id: "msg_X") { id } }`],
    ["runs", `{ runs { nodes { id } } }`],
    ["run", `{ run(id: "run_X") { id } }`],
    ["triggers", `{ triggers { nodes { id } } }`],
    ["node", `{ node(id: "ep_X") { id } }`],
    ["nodes", `{ nodes(ids: ["ep_X"]) { id } }`],
  ];
  it.each(queries)("is refused query %s", async (field, query) => {
    const res = await h.gqlRaw(query.replace("ep_X", epA), {}, h.adminKey);
    expect(refusal(res.body, field), JSON.stringify(res.body)).toBe("FORBIDDEN");
    expect(res.body.data?.[field] ?? null).toBeNull();
  });

  const mutations: [string, string][] = [
    ["createEndpoint", `createEndpoint(input: {url: "https://example.com/x"}) { __typename }`],
    ["updateEndpoint", `updateEndpoint(input: {id: "ep_X", description: "x"}) { __typename }`],
    ["deleteEndpoint", `deleteEndpoint(input: {id: "ep_X"}) { __typename }`],
    ["enableEndpoint", `enableEndpoint(input: {id: "ep_X"}) { __typename }`],
    ["disableEndpoint", `disableEndpoint(input: {id: "ep_X"}) { __typename }`],
    ["rotateEndpointSecret", `rotateEndpointSecret(input: {id: "ep_X"}) { __typename }`],
    ["sendTestEvent", `sendTestEvent(input: {endpointId: "ep_X"}) { __typename }`],
    ["createApiKey", `createApiKey(input: {name: "k"}) { __typename }`],
    ["revokeApiKey", `revokeApiKey(input: {id: "key_X"}) { __typename }`],
    ["createAgent", `createAgent(input: {name: "a"}) { __typename }`],
    ["createEventType", `createEventType(input: {name: "x.y"}) { __typename }`],
    ["publishEvent", `publishEvent(input: {type: "webhook.test", data: {}}) { __typename }`],
  ];
  it.each(mutations)("is refused mutation %s", async (field, selection) => {
    const before = await owner`select count(*)::int as n from endpoints`;
    const res = await h.gqlRaw(`mutation { ${selection.replace("ep_X", epB)} }`, {}, h.adminKey);
    expect(refusal(res.body, field), JSON.stringify(res.body)).toMatch(
      /^(FORBIDDEN|ForbiddenError)$/,
    );
    expect(await owner`select count(*)::int as n from endpoints`).toEqual(before);
  });
});

describe("authentication", () => {
  it("an invalid Bearer key gets HTTP 401 UNAUTHENTICATED", async () => {
    const res = await h.gqlRaw(
      `{ endpoints { nodes { id } } }`,
      {},
      "hk_not_a_real_key_0000000000",
    );
    expect(res.status).toBe(401);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("a malformed Authorization header gets HTTP 401 UNAUTHENTICATED", async () => {
    const res = await fetch(`${h.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${a.key}` },
      body: JSON.stringify({ query: `{ viewer { keyId } }` }),
    });
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(body.data ?? null).toBeNull();
  });

  it("no key at all is an UNAUTHENTICATED error and reveals nothing", async () => {
    const res = await h.gqlRaw(`{ endpoints { nodes { id } } }`);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(res.body.data ?? null).toBeNull();
    const node = await h.gqlRaw(`query($id: ID!) { node(id: $id) { id } }`, { id: epB });
    expect(node.body.data?.node ?? null).toBeNull();
    expect(node.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const mutation = await h.gqlRaw(
      `mutation { createEndpoint(input: {url: "https://example.com/x"}) { __typename } }`,
    );
    expect(mutation.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("a revoked key stops working at once", async () => {
    const created = await h.gql(
      `mutation { createApiKey(input: {name: "short-lived"}) {
        __typename ... on CreateApiKeyPayload { key apiKey { id } } } }`,
      {},
      a.key,
    );
    const { key, apiKey } = created.createApiKey;
    expect((await h.gql(`{ viewer { keyId } }`, {}, key)).viewer.keyId).toBe(apiKey.id);

    const revoked = await h.gql(
      `mutation($id: ID!) { revokeApiKey(input: {id: $id}) {
        __typename ... on RevokeApiKeyPayload { apiKey { revokedAt } } } }`,
      { id: apiKey.id },
      a.key,
    );
    expect(revoked.revokeApiKey.apiKey.revokedAt).toBeTruthy();

    const after = await h.gqlRaw(`{ viewer { keyId } }`, {}, key);
    expect(after.status).toBe(401);
    expect(after.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    // The tenant's other key is unaffected.
    expect((await h.gql(`{ viewer { scope } }`, {}, a.key)).viewer.scope).toBe("TENANT");
  });
});
