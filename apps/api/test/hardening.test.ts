// The GraphQL front door under abuse: query limits, body size limits, masked errors, and the
// switches for introspection and GraphiQL.
import { request } from "node:http";
import { getIntrospectionQuery } from "graphql";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HeraldFixture, startHerald } from "../src/testing/harness.js";

let h: HeraldFixture;
let tenant: { id: string; key: string };

beforeAll(async () => {
  h = await startHerald();
  tenant = await h.createTenant("hardening");
});
afterAll(() => h?.stop());

/** A query nested `levels` deep: `f { f { … leaf … } }`. */
function nest(fields: string[], leaf: string): string {
  return fields.reduceRight((inner, field) => `${field} { ${inner} }`, leaf);
}

function expectRefused(
  res: { body: { data?: unknown; errors?: { message: string }[] } },
  pattern: RegExp,
) {
  expect(res.body.data ?? null).toBeNull();
  expect(res.body.errors?.length, JSON.stringify(res.body)).toBeGreaterThan(0);
  expect(res.body.errors?.[0]?.message).toMatch(pattern);
}

describe("query limits", () => {
  it("15 aliases are allowed, 16 are refused", async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { keyId }`).join(" ")} }`;
    const ok = await h.gqlRaw(aliases(15), {}, tenant.key);
    expect(ok.body.errors).toBeUndefined();
    expect(Object.keys(ok.body.data)).toHaveLength(15);

    const refused = await h.gqlRaw(aliases(16), {}, tenant.key);
    expectRefused(refused, /alias/i);
  });

  it("a query deeper than 10 levels is refused", async () => {
    // __type(name:) { fields { type { ofType { … } } } }: 12 levels.
    const deep = `{ ${nest(['__type(name: "Query")', "fields", "type", ...Array(8).fill("ofType")], "name")} }`;
    expectRefused(await h.gqlRaw(deep, {}, tenant.key), /depth/i);
    // Fragments do not hide depth.
    const viaFragments = `{ ...A } fragment A on Query { __type(name: "Query") { ...B } }
      fragment B on __Type { fields { type { ${nest(Array(7).fill("ofType"), "name")} } } }`;
    expectRefused(await h.gqlRaw(viaFragments, {}, tenant.key), /depth/i);
    // Ten levels are fine.
    const ten = `{ ${nest(['__type(name: "Query")', "fields", "type", ...Array(6).fill("ofType")], "name")} }`;
    const ok = await h.gqlRaw(ten, {}, tenant.key);
    expect(ok.body.errors, JSON.stringify(ok.body.errors)).toBeUndefined();
  });

  it("endlessly nested introspection under __schema is refused too", async () => {
    // types → fields → type → fields → … is the classic introspection amplification.
    const cyclic = `{ __schema { ${nest(["types", ...Array(12).fill(["fields", "type"]).flat()], "name")} } }`;
    expectRefused(await h.gqlRaw(cyclic, {}, tenant.key), /depth/i);
    const ofTypes = `{ __schema { ${nest(["types", "fields", "type", ...Array(30).fill("ofType")], "name")} } }`;
    expectRefused(await h.gqlRaw(ofTypes, {}, tenant.key), /depth/i);
  });

  it("the standard introspection query (what GraphiQL and codegen send) still works", async () => {
    const res = await h.gqlRaw(getIntrospectionQuery({ inputValueDeprecation: true }));
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.__schema.queryType.name).toBe("Query");
  });

  it("nodes(ids:) cannot be fed an unbounded list through variables", async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `ep_${i}`);
    const res = await h.gqlRaw(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids },
      tenant.key,
    );
    expect(res.body.data?.nodes ?? null).toBeNull();
    expect(res.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

/** Sends a body to POST /graphql with node:http, chunked unless `contentLength`. */
function post(
  body: Buffer,
  { contentLength, chunkSize = 64 * 1024 }: { contentLength: boolean; chunkSize?: number },
) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const url = new URL(`${h.url}/graphql`);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${tenant.key}`,
            ...(contentLength
              ? { "content-length": String(body.length) }
              : { "transfer-encoding": "chunked" }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          res.on("error", reject);
        },
      );
      // The server may answer and close before the whole body is sent: that is fine.
      req.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
      });
      let offset = 0;
      const pump = () => {
        while (offset < body.length) {
          const chunk = body.subarray(offset, offset + chunkSize);
          offset += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    },
  );
}

function paddedQuery(totalBytes: number): Buffer {
  const head = `{"query":"{ viewer { keyId } }","variables":{"pad":"`;
  const tail = `"}}`;
  return Buffer.from(head + "x".repeat(totalBytes - head.length - tail.length) + tail);
}

describe("request body limit", () => {
  const MiB = 1024 * 1024;

  it("a body just under 1 MiB is served", async () => {
    for (const contentLength of [true, false]) {
      const res = await post(paddedQuery(MiB - 16), { contentLength });
      expect(res.status, res.text.slice(0, 200)).toBe(200);
      expect(JSON.parse(res.text).data.viewer.keyId).toMatch(/^key_/);
    }
  });

  it("a body over 1 MiB with Content-Length gets 413", async () => {
    const res = await post(paddedQuery(MiB + 1), { contentLength: true });
    expect(res.status).toBe(413);
    expect(res.text).not.toContain("keyId");
  });

  it("a chunked body over 1 MiB without Content-Length gets 413", async () => {
    const res = await post(paddedQuery(3 * MiB), { contentLength: false });
    expect(res.status).toBe(413);
    expect(res.text).not.toContain("keyId");
  });

  it("the server keeps serving after refusing large bodies", async () => {
    const data = await h.gql(`{ viewer { scope } }`, {}, tenant.key);
    expect(data.viewer.scope).toBe("TENANT");
  });
});

describe("errors", () => {
  it("an unexpected error is masked: no message, SQL or stack trace reaches the client", async () => {
    const owner = postgres(h.tdb.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      // Break the endpoints table for a moment so that the next query fails inside Postgres.
      await owner`alter table endpoints rename column url to url_broken`;
      const res = await h.gqlRaw(`{ endpoints { nodes { id url } } }`, {}, tenant.key);
      expect(res.body.errors).toHaveLength(1);
      const { message, extensions } = res.body.errors[0];
      const text = JSON.stringify({ message, extensions, data: res.body.data });
      expect(res.body.errors[0].message).toBe("Unexpected error.");
      expect(res.body.errors[0].extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
      for (const leak of ["url_broken", "column", "select", "stack", "at ", ".ts:", "postgres"]) {
        expect(text.toLowerCase()).not.toContain(leak);
      }
      // It is logged for the operator instead.
      expect(h.logs.some((l) => l.includes("graphql.unexpected_error"))).toBe(true);
    } finally {
      await owner`alter table endpoints rename column url_broken to url`;
      await owner.end();
    }
  });

  it("a NUL character is bad input, not an unexpected error", async () => {
    const res = await h.gqlRaw(
      `mutation($input: CreateEndpointInput!) { createEndpoint(input: $input) { __typename } }`,
      { input: { url: "https://example.com/x", description: "a\u0000b" } },
      tenant.key,
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const literal = await h.gqlRaw(`{ endpoint(id: "ep_\\u0000") { id } }`, {}, tenant.key);
    expect(literal.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const json = await h.gqlRaw(
      `mutation($data: JSON!) { publishEvent(input: {type: "webhook.test", data: $data}) { __typename } }`,
      { data: { nested: [{ "k\u0000": "v" }] } },
      tenant.key,
    );
    expect(json.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("a syntax error is a clear client error, not a 500", async () => {
    const res = await h.gqlRaw(`{ viewer { `, {}, tenant.key);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors[0].message).toMatch(/Syntax Error/);
  });
});

describe("HTTP endpoints", () => {
  it("GET /healthz is 200 {status: ok}", async () => {
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  it("GraphiQL is served on GET /graphql to a browser", async () => {
    const res = await fetch(`${h.url}/graphql`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/graphiql/i);
  });

  it("introspection is on by default", async () => {
    const res = await h.gqlRaw(`{ __schema { queryType { name } } }`);
    expect(res.body.data.__schema.queryType.name).toBe("Query");
  });
});

describe("with HERALD_INTROSPECTION=false and HERALD_GRAPHIQL=false", () => {
  let locked: HeraldFixture;
  let key: string;
  beforeAll(async () => {
    locked = await startHerald({
      env: { HERALD_INTROSPECTION: "false", HERALD_GRAPHIQL: "false" },
    });
    key = (await locked.createTenant("locked")).key;
  });
  afterAll(() => locked?.stop());

  it("introspection is refused", async () => {
    for (const query of [
      `{ __schema { queryType { name } } }`,
      `{ __type(name: "Endpoint") { fields { name } } }`,
      getIntrospectionQuery(),
    ]) {
      const res = await locked.gqlRaw(query, {}, key);
      expectRefused(res, /introspection/i);
    }
    // Ordinary queries still work.
    expect((await locked.gql(`{ viewer { scope } }`, {}, key)).viewer.scope).toBe("TENANT");
  });

  it("field suggestions do not leak the schema either", async () => {
    const res = await locked.gqlRaw(`{ endpont { id } }`, {}, key);
    expect(res.body.errors[0].message).not.toMatch(/Did you mean/);
  });

  it("GraphiQL is off", async () => {
    const res = await fetch(`${locked.url}/graphql`, { headers: { accept: "text/html" } });
    const text = await res.text();
    expect(res.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
    expect(text).not.toMatch(/graphiql/i);
  });
});
