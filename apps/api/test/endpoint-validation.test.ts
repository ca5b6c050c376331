// Endpoint input validation through the GraphQL API: every invalid input is a typed
// ValidationError naming its field, and nothing is written; valid settings round-trip.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HeraldFixture, startHerald } from "../src/testing/harness.js";

let h: HeraldFixture;
let owner: postgres.Sql;
let tenant: { id: string; key: string };

const CREATE = `mutation($input: CreateEndpointInput!) { createEndpoint(input: $input) {
  __typename
  ... on CreateEndpointPayload { endpoint { id } signingSecret }
  ... on ValidationError { message fieldErrors { path message } } } }`;

const UPDATE = `mutation($input: UpdateEndpointInput!) { updateEndpoint(input: $input) {
  __typename
  ... on UpdateEndpointPayload { endpoint { ...All } }
  ... on ValidationError { message fieldErrors { path message } } } }
  fragment All on Endpoint { ${ALL()} }`;

function ALL() {
  return `id url description eventTypes channels headers { name value } rateLimit retrySchedule
    timeoutSeconds signatureScheme signatureHeader status disabledReason agentId`;
}

beforeAll(async () => {
  h = await startHerald();
  owner = postgres(h.tdb.ownerUrl, { max: 1, onnotice: () => {} });
  tenant = await h.createTenant("validation");
});
afterAll(async () => {
  await owner?.end();
  await h?.stop();
});

async function counts() {
  const [row] = await owner`select
    (select count(*)::int from endpoints) as endpoints,
    (select count(*)::int from endpoint_secrets) as secrets`;
  return row;
}

async function create(input: Record<string, unknown>) {
  const data = await h.gql(CREATE, { input }, tenant.key);
  return data.createEndpoint;
}

const https = "https://example.com/hook";

describe("invalid createEndpoint input", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["a URL that is not a URL", { url: "not a url" }, "url"],
    ["http to a public host", { url: "http://example.com/hook" }, "url"],
    ["a URL over 2048 characters", { url: `https://example.com/${"a".repeat(2029)}` }, "url"],
    ["a private literal IP over https", { url: "https://10.0.0.1/" }, "url"],
    ["an IPv4-mapped metadata address", { url: "https://[::ffff:169.254.169.254]/" }, "url"],
    ["a URL with a #fragment", { url: "https://example.com/hook#x" }, "url"],
    ["an ftp URL", { url: "ftp://example.com/hook" }, "url"],
    [
      "a URL with a newline (which the URL parser would strip)",
      { url: "https://exa\nmple.com/" },
      "url",
    ],
    ["a URL with a leading space", { url: " https://example.com/hook" }, "url"],
    ["an unknown event type", { url: https, eventTypes: ["run.exploded"] }, "eventTypes"],
    ["a pattern matching no event type", { url: https, eventTypes: ["nope.*"] }, "eventTypes"],
    ["a malformed event type", { url: https, eventTypes: ["Run Completed"] }, "eventTypes"],
    ["a bad header name", { url: https, headers: [{ name: "Bad Header", value: "x" }] }, "headers"],
    [
      "reserved header webhook-id",
      { url: https, headers: [{ name: "webhook-id", value: "x" }] },
      "headers",
    ],
    [
      "reserved header Connection",
      { url: https, headers: [{ name: "Connection", value: "x" }] },
      "headers",
    ],
    [
      "a header value with CRLF",
      { url: https, headers: [{ name: "x-a", value: "a\r\nb: c" }] },
      "headers",
    ],
    ["timeoutSeconds 0", { url: https, timeoutSeconds: 0 }, "timeoutSeconds"],
    ["timeoutSeconds 31", { url: https, timeoutSeconds: 31 }, "timeoutSeconds"],
    ["retry schedule 5x", { url: https, retrySchedule: "5x" }, "retrySchedule"],
    [
      "too many channels",
      { url: https, channels: Array.from({ length: 11 }, (_, i) => `c${i}`) },
      "channels",
    ],
    ["a bad channel name", { url: https, channels: ["has space"] }, "channels"],
    ["rateLimit 0", { url: https, rateLimit: 0 }, "rateLimit"],
    [
      "a reserved signatureHeader",
      { url: https, signatureHeader: "content-type" },
      "signatureHeader",
    ],
  ];

  it.each(cases)(
    "%s is a ValidationError on that field, and writes nothing",
    async (_name, input, field) => {
      const before = await counts();
      const result = await create(input);
      expect(result.__typename).toBe("ValidationError");
      expect(result.message).toEqual(expect.any(String));
      expect(result.message.length).toBeGreaterThan(0);
      expect(result.fieldErrors.length).toBeGreaterThan(0);
      for (const e of result.fieldErrors) {
        expect(e.path).toEqual(["input", field]);
        expect(e.message.length).toBeGreaterThan(0);
      }
      expect(await counts()).toEqual(before);
    },
  );

  it("none of them left an endpoint or a secret behind", async () => {
    expect(await counts()).toEqual({ endpoints: 0, secrets: 0 });
  });

  it("reports every invalid field at once", async () => {
    const result = await create({
      url: "http://example.com/",
      timeoutSeconds: 31,
      retrySchedule: "5x",
      headers: [{ name: "Bad Header", value: "x" }],
    });
    expect(result.__typename).toBe("ValidationError");
    expect(result.fieldErrors.map((e: { path: string[] }) => e.path[1]).sort()).toEqual([
      "headers",
      "retrySchedule",
      "timeoutSeconds",
      "url",
    ]);
    expect(await counts()).toEqual({ endpoints: 0, secrets: 0 });
  });
});

it("a NUL character anywhere in the input is BAD_USER_INPUT and writes nothing", async () => {
  for (const input of [
    { url: "https://example.com/a", description: "a\u0000b" },
    { url: "https://example.com/a\u0000b" },
    { url: "https://example.com/a", channels: ["a\u0000"] },
  ]) {
    const res = await h.gqlRaw(CREATE, { input }, tenant.key);
    expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe("BAD_USER_INPUT");
    expect(res.body.data ?? null).toBeNull();
  }
  expect(await counts()).toEqual({ endpoints: 0, secrets: 0 });
});

describe("valid input", () => {
  it("a 2048-character https URL is accepted", async () => {
    const url = `https://example.com/${"a".repeat(2028)}`;
    expect(url).toHaveLength(2048);
    const result = await create({ url });
    expect(result.__typename).toBe("CreateEndpointPayload");
    await h.gql(
      `mutation($id: ID!) { deleteEndpoint(input: {id: $id}) { __typename } }`,
      { id: result.endpoint.id },
      tenant.key,
    );
  });

  it("every field set round-trips through endpoint(id)", async () => {
    const result = await create({
      url: "https://example.com/full?x=1",
      description: "all the settings",
      eventTypes: ["run.completed", "run.*"],
      channels: ["eu", "team:42"],
      headers: [
        { name: "x-api-version", value: "2" },
        { name: "authorization", value: "Bearer receiver-token" },
      ],
      rateLimit: 50,
      retrySchedule: "0s,5s,30s,2m",
      timeoutSeconds: 7,
      signatureScheme: "HMAC_SHA256_HEX",
      signatureHeader: "X-Webhook-Signature-256",
    });
    expect(result.__typename).toBe("CreateEndpointPayload");
    expect(result.signingSecret).toMatch(/^whsec_/);
    const data = await h.gql(
      `query($id: ID!) { endpoint(id: $id) { ${ALL()} signingSecret } }`,
      { id: result.endpoint.id },
      tenant.key,
    );
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    data.endpoint.headers.sort(byName);
    expect(data.endpoint).toEqual({
      id: result.endpoint.id,
      url: "https://example.com/full?x=1",
      description: "all the settings",
      eventTypes: ["run.completed", "run.*"],
      channels: ["eu", "team:42"],
      headers: [
        { name: "authorization", value: "Bearer receiver-token" },
        { name: "x-api-version", value: "2" },
      ],
      rateLimit: 50,
      retrySchedule: "0s,5s,30s,2m",
      timeoutSeconds: 7,
      signatureScheme: "HMAC_SHA256_HEX",
      signatureHeader: "X-Webhook-Signature-256",
      status: "ENABLED",
      disabledReason: null,
      agentId: null,
      signingSecret: result.signingSecret,
    });
    const [row] =
      await owner`select timeout_ms, rate_limit from endpoints where id = ${result.endpoint.id}`;
    expect(row).toEqual({ timeout_ms: 7000, rate_limit: 50 });
  });

  it("defaults: all event types, no channels, 15 s, the Standard Webhooks scheme", async () => {
    const result = await create({ url: "https://example.com/defaults" });
    const data = await h.gql(
      `query($id: ID!) { endpoint(id: $id) { ${ALL()} } }`,
      { id: result.endpoint.id },
      tenant.key,
    );
    expect(data.endpoint).toMatchObject({
      eventTypes: [],
      channels: [],
      headers: [],
      rateLimit: null,
      retrySchedule: null,
      timeoutSeconds: 15,
      signatureScheme: "STANDARD",
      signatureHeader: null,
      status: "ENABLED",
    });
  });
});

describe("updateEndpoint", () => {
  let id: string;
  let before: Record<string, unknown>;

  beforeAll(async () => {
    const result = await create({
      url: "https://example.com/update",
      description: "before",
      eventTypes: ["run.started"],
      channels: ["one"],
      headers: [{ name: "x-one", value: "1" }],
      rateLimit: 5,
      retrySchedule: "1m,1h",
      timeoutSeconds: 20,
    });
    id = result.endpoint.id;
    before = (await h.gql(`query($id: ID!) { endpoint(id: $id) { ${ALL()} } }`, { id }, tenant.key))
      .endpoint;
  });

  it("changes only the fields given", async () => {
    const data = await h.gql(UPDATE, { input: { id, description: "after" } }, tenant.key);
    expect(data.updateEndpoint.__typename).toBe("UpdateEndpointPayload");
    expect(data.updateEndpoint.endpoint).toEqual({ ...before, description: "after" });

    const again = await h.gql(
      UPDATE,
      { input: { id, timeoutSeconds: 3, eventTypes: ["run.*"] } },
      tenant.key,
    );
    expect(again.updateEndpoint.endpoint).toEqual({
      ...before,
      description: "after",
      timeoutSeconds: 3,
      eventTypes: ["run.*"],
    });
  });

  it("an invalid update is a ValidationError and changes nothing, not even the valid fields", async () => {
    const [rowBefore] = await owner`select * from endpoints where id = ${id}`;
    const data = await h.gql(
      UPDATE,
      { input: { id, description: "should not stick", url: "http://example.com/" } },
      tenant.key,
    );
    expect(data.updateEndpoint.__typename).toBe("ValidationError");
    expect(data.updateEndpoint.fieldErrors).toEqual([
      { path: ["input", "url"], message: expect.any(String) },
    ]);
    const [rowAfter] = await owner`select * from endpoints where id = ${id}`;
    expect(rowAfter).toEqual(rowBefore);
  });

  it("null clears optional settings", async () => {
    const data = await h.gql(
      UPDATE,
      { input: { id, rateLimit: null, retrySchedule: null, headers: null, channels: null } },
      tenant.key,
    );
    expect(data.updateEndpoint.endpoint).toMatchObject({
      rateLimit: null,
      retrySchedule: null,
      headers: [],
      channels: [],
      url: "https://example.com/update",
    });
  });
});

describe("filtering the endpoints connection", () => {
  let other: { id: string; key: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    other = await h.createTenant("filters");
    const make = async (name: string, eventTypes: string[], disabled = false) => {
      const data = await h.gql(
        CREATE,
        { input: { url: `https://example.com/${name}`, eventTypes } },
        other.key,
      );
      ids[name] = data.createEndpoint.endpoint.id;
      if (disabled) {
        await h.gql(
          `mutation($id: ID!) { disableEndpoint(input: {id: $id, reason: "paused"}) { __typename } }`,
          { id: ids[name] },
          other.key,
        );
      }
    };
    await make("exact", ["run.completed"]);
    await make("wildcard", ["run.*"]);
    await make("all", []);
    await make("star", ["*"]);
    await make("started", ["run.started"]);
    await make("created", ["run.created", "webhook.test"]);
    await make("disabledExact", ["run.completed"], true);
    await make("disabledOther", ["run.started"], true);
  });

  async function list(variables: Record<string, unknown>) {
    const data = await h.gql(
      `query($status: EndpointStatus, $eventType: String) {
        endpoints(status: $status, eventType: $eventType, first: 100) { nodes { id status } } }`,
      variables,
      other.key,
    );
    return data.endpoints.nodes.map((n: { id: string }) => n.id).sort();
  }
  const pick = (...names: string[]) => names.map((n) => ids[n]).sort();

  it("status: DISABLED lists only the disabled ones, ENABLED the rest", async () => {
    expect(await list({ status: "DISABLED" })).toEqual(pick("disabledExact", "disabledOther"));
    expect(await list({ status: "ENABLED" })).toEqual(
      pick("exact", "wildcard", "all", "star", "started", "created"),
    );
  });

  it("eventType matches exact names, run.* wildcards, * and empty subscriptions", async () => {
    expect(await list({ eventType: "run.completed" })).toEqual(
      pick("exact", "wildcard", "all", "star", "disabledExact"),
    );
    expect(await list({ eventType: "webhook.test" })).toEqual(pick("all", "star", "created"));
    // A prefix match must end at a dot: run.* does not match runaway.x.
    expect(await list({ eventType: "runaway.completed" })).toEqual(pick("all", "star"));
  });

  it("status and eventType combine", async () => {
    expect(await list({ status: "DISABLED", eventType: "run.completed" })).toEqual(
      pick("disabledExact"),
    );
    expect(await list({ status: "ENABLED", eventType: "run.started" })).toEqual(
      pick("wildcard", "all", "star", "started"),
    );
  });

  it("disabledReason is kept on a disabled endpoint", async () => {
    const data = await h.gql(
      `query($id: ID!) { endpoint(id: $id) { status disabledReason disabledAt } }`,
      { id: ids.disabledExact },
      other.key,
    );
    expect(data.endpoint).toMatchObject({ status: "DISABLED", disabledReason: "paused" });
    expect(data.endpoint.disabledAt).toEqual(expect.any(String));
  });
});
