// Secrets at rest: after issuing API keys and signing secrets through the API, nothing in the
// database (every row of every table) nor in the logs holds one in plain text. API keys are
// stored as their SHA-256; signing secrets as AES-256-GCM ciphertext under the master key.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { Keyring } from "@herald/db";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HeraldFixture, startHerald } from "../src/testing/harness.js";

let h: HeraldFixture;
let owner: postgres.Sql;
let keyring: Keyring;

/** Every plain-text secret the API handed out, by what it is. */
const apiKeys: Record<string, string> = {};
const signingSecrets: Record<string, string> = {};
let tenant: { id: string; key: string };
let endpointOne: string;
let endpointTwo: string;
let triggerId: string;
let messageId: string;
const endpointSecrets: Record<string, { original: string; current: string }> = {};

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

beforeAll(async () => {
  h = await startHerald();
  owner = postgres(h.tdb.ownerUrl, { max: 1, onnotice: () => {} });
  keyring = Keyring.from(h.tdb.masterKey);

  tenant = await h.createTenant("secretive");
  apiKeys.tenantDefault = tenant.key;
  const other = await h.createTenant("other");
  apiKeys.otherDefault = other.key;

  const key = await h.gql(
    `mutation { createApiKey(input: {name: "ci"}) { ... on CreateApiKeyPayload { key } } }`,
    {},
    tenant.key,
  );
  apiKeys.second = key.createApiKey.key;

  const agent = await h.gql(
    `mutation { createAgent(input: {name: "bot"}) { ... on CreateAgentPayload { agent { id } } } }`,
    {},
    tenant.key,
  );
  const agentId = agent.createAgent.agent.id;
  const agentKey = await h.gql(
    `mutation($agentId: String!) { createApiKey(input: {name: "bot", scope: AGENT, agentId: $agentId}) {
      __typename ... on CreateApiKeyPayload { key } } }`,
    { agentId },
    tenant.key,
  );
  apiKeys.agent = agentKey.createApiKey.key;

  const create = async (url: string) => {
    const data = await h.gql(
      `mutation($url: String!) { createEndpoint(input: {url: $url}) {
        ... on CreateEndpointPayload { endpoint { id } signingSecret } } }`,
      { url },
      tenant.key,
    );
    return data.createEndpoint;
  };
  const one = await create("https://example.com/one");
  const two = await create("https://example.com/two");
  endpointOne = one.endpoint.id;
  endpointTwo = two.endpoint.id;
  const rotated = await h.gql(
    `mutation($id: ID!) { rotateEndpointSecret(input: {id: $id}) {
      ... on RotateEndpointSecretPayload { signingSecret endpoint { signingSecret } } } }`,
    { id: endpointTwo },
    tenant.key,
  );
  expect(rotated.rotateEndpointSecret.endpoint.signingSecret).toBe(
    rotated.rotateEndpointSecret.signingSecret,
  );
  endpointSecrets[endpointOne] = { original: one.signingSecret, current: one.signingSecret };
  endpointSecrets[endpointTwo] = {
    original: two.signingSecret,
    current: rotated.rotateEndpointSecret.signingSecret,
  };
  signingSecrets.endpointOne = one.signingSecret;
  signingSecrets.endpointTwo = two.signingSecret;
  signingSecrets.endpointTwoRotated = rotated.rotateEndpointSecret.signingSecret;

  const viewer = await h.gql(`{ viewer { tenant { runWebhookSecret } } }`, {}, tenant.key);
  signingSecrets.runWebhook = viewer.viewer.tenant.runWebhookSecret;

  const trigger = await h.gql(
    `mutation($agentId: ID!) { createTrigger(input: {agentId: $agentId}) {
      __typename ... on CreateTriggerPayload { trigger { id } secret } } }`,
    { agentId },
    tenant.key,
  );
  triggerId = trigger.createTrigger.trigger.id;
  signingSecrets.trigger = trigger.createTrigger.secret;
  const rotatedTrigger = await h.gql(
    `mutation($id: ID!) { rotateTriggerSecret(input: {id: $id}) {
      __typename ... on RotateTriggerSecretPayload { secret } } }`,
    { id: triggerId },
    tenant.key,
  );
  signingSecrets.triggerRotated = rotatedTrigger.rotateTriggerSecret.secret;

  // A published event leaves a message and a queued fan-out job behind.
  await h.gql(
    `mutation { createEventType(input: {name: "invoice.paid"}) { __typename } }`,
    {},
    tenant.key,
  );
  const published = await h.gql(
    `mutation { publishEvent(input: {type: "invoice.paid", data: {hello: "world"}}) {
      __typename ... on PublishEventPayload { message { id } } ... on Error { error: message } } }`,
    {},
    tenant.key,
  );
  expect(published.publishEvent.__typename, JSON.stringify(published)).toBe("PublishEventPayload");
  messageId = published.publishEvent.message.id;
});

afterAll(async () => {
  await owner?.end();
  await h?.stop();
});

/** Every row of every table outside the system schemas, as text. */
async function sqlDump(): Promise<{ tables: string[]; text: string }> {
  const tables = await owner<{ schemaname: string; tablename: string }[]>`
    select schemaname, tablename from pg_tables
    where schemaname not in ('pg_catalog', 'information_schema')
    order by 1, 2`;
  const parts: string[] = [];
  for (const { schemaname, tablename } of tables) {
    const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
    const rows = await owner.unsafe(
      `select t::text as row from ${ident(schemaname)}.${ident(tablename)} t`,
    );
    parts.push(`-- ${schemaname}.${tablename}`, ...rows.map((r) => r.row as string));
  }
  return { tables: tables.map((t) => `${t.schemaname}.${t.tablename}`), text: parts.join("\n") };
}

function expectNoPlaintext(text: string) {
  for (const [what, key] of Object.entries(apiKeys)) {
    expect(text.includes(key), `API key ${what} in plain text`).toBe(false);
    // Nor its base64url body without the prefix.
    expect(text.includes(key.slice(3)), `API key ${what} body in plain text`).toBe(false);
  }
  expect(text.includes(h.adminKey), "admin key in plain text").toBe(false);
  for (const [what, secret] of Object.entries(signingSecrets)) {
    expect(text.includes(secret), `signing secret ${what} in plain text`).toBe(false);
    expect(text.includes(secret.slice("whsec_".length)), `secret ${what} body`).toBe(false);
  }
  expect(text).not.toContain("whsec_");
  expect(text).not.toMatch(/hk_[A-Za-z0-9_-]{20,}/);
}

describe("a full dump of the database", () => {
  it("covers the tables that hold secrets, and holds none in plain text", async () => {
    const { tables, text } = await sqlDump();
    for (const table of ["public.api_keys", "public.endpoint_secrets", "public.tenants"]) {
      expect(tables).toContain(table);
    }
    expect(tables.some((t) => t.startsWith("graphile_worker."))).toBe(true);
    // The dump really has the rows (so an empty dump cannot pass).
    expect(text).toContain(endpointOne);
    expect(text).toContain(triggerId);
    expect(text).toContain(messageId);
    expect(text).toContain("invoice.paid");
    expectNoPlaintext(text);
  });

  it("pg_dump of the whole database holds no secret either", async (ctx) => {
    const dump = spawnSync("pg_dump", ["--no-owner", "--data-only", h.tdb.ownerUrl], {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    // The only pg_dump on PATH may be older than the server (it refuses to dump then).
    if (dump.error || dump.status !== 0) {
      ctx.skip(`pg_dump unavailable: ${dump.error?.message ?? dump.stderr.trim()}`);
    }
    expect(dump.stdout).toContain(endpointOne);
    expectNoPlaintext(dump.stdout);
  });
});

describe("how secrets are stored", () => {
  it("api_keys.key_hash is the SHA-256 hex of each key; only a short prefix is kept", async () => {
    const rows = await owner<{ key_hash: string; key_prefix: string }[]>`
      select key_hash, key_prefix from api_keys`;
    expect(rows).toHaveLength(Object.keys(apiKeys).length);
    for (const [what, key] of Object.entries(apiKeys)) {
      const row = rows.find((r) => r.key_hash === sha256(key));
      expect(row, `no row hashed from ${what}`).toBeDefined();
      expect(row!.key_prefix.length).toBeLessThanOrEqual(12);
      expect(key.startsWith(row!.key_prefix)).toBe(true);
    }
  });

  it("endpoint_secrets ciphertext opens with the master key to the secrets the API returned", async () => {
    const rows = await owner<
      { endpoint_id: string; ciphertext: string; key_id: string; expires_at: Date | null }[]
    >`select endpoint_id, ciphertext, key_id, expires_at from endpoint_secrets order by id`;
    const opened = rows.map((r) => ({
      endpoint: r.endpoint_id,
      secret: keyring.open(r.ciphertext, r.key_id),
      current: r.expires_at === null,
    }));
    expect(opened).toEqual([
      { endpoint: endpointOne, secret: endpointSecrets[endpointOne]!.original, current: true },
      { endpoint: endpointTwo, secret: endpointSecrets[endpointTwo]!.original, current: false },
      { endpoint: endpointTwo, secret: endpointSecrets[endpointTwo]!.current, current: true },
    ]);
    for (const r of rows) {
      expect(r.key_id).toBe(keyring.currentKeyId);
      expect(r.ciphertext).not.toContain("whsec_");
    }
  });

  it("a different master key cannot open them", async () => {
    const [row] = await owner`select ciphertext, key_id from endpoint_secrets limit 1`;
    const wrong = Keyring.from(`${row!.key_id}:${Buffer.alloc(32, 7).toString("base64")}`);
    expect(() => wrong.open(row!.ciphertext, row!.key_id)).toThrow();
  });

  it("the tenant's run-webhook secret and trigger secrets are sealed the same way", async () => {
    const [t] = await owner`select run_webhook_secret, run_webhook_secret_key_id from tenants
      where id = ${tenant.id}`;
    expect(keyring.open(t!.run_webhook_secret, t!.run_webhook_secret_key_id)).toBe(
      signingSecrets.runWebhook,
    );
    const [trigger] = await owner`select secret, secret_key_id, previous_secret,
      previous_secret_key_id from triggers where id = ${triggerId}`;
    expect(keyring.open(trigger!.secret, trigger!.secret_key_id)).toBe(
      signingSecrets.triggerRotated,
    );
    expect(keyring.open(trigger!.previous_secret, trigger!.previous_secret_key_id)).toBe(
      signingSecrets.trigger,
    );
  });
});

describe("the logs", () => {
  it("hold no API key nor signing secret", () => {
    expect(h.logs.length).toBeGreaterThan(0);
    expectNoPlaintext(h.logs.join("\n"));
  });
});
