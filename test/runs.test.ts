// End-to-end: runs and their events, one-off run webhooks, sensitive input, agent keys,
// agent webhook registration and inbound triggers.
import { request as httpRequest } from "node:http";
import { type HeraldFixture, startHerald } from "@herald/api/testing";
import postgres from "postgres";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Receiver, startReceiver, waitUntil } from "./src/index.js";

const CANARY = "canary-7f3a9c1e-do-not-leak";
let h: HeraldFixture;
let receiver: Receiver;
let owner: postgres.Sql;
let tenant: { id: string; key: string };
let agentA: string;
let agentB: string;
let agentKeyA: string;

async function rest(method: string, path: string, key: string | undefined, body?: unknown) {
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: text ? JSON.parse(text) : undefined,
    type: res.headers.get("content-type"),
  };
}

async function runCount() {
  const [row] = await owner`select count(*)::int as n from runs`;
  return row!.n as number;
}

beforeAll(async () => {
  h = await startHerald({ worker: true });
  receiver = await startReceiver();
  owner = postgres(h.tdb.ownerUrl, { max: 1, onnotice: () => {} });
  tenant = await h.createTenant();
  const mk = async (name: string) =>
    (
      await h.gql(
        `mutation($n: String!) { createAgent(input: {name: $n}) { ... on CreateAgentPayload { agent { id } } } }`,
        { n: name },
        tenant.key,
      )
    ).createAgent.agent.id as string;
  agentA = await mk("alpha");
  agentB = await mk("beta");
  agentKeyA = (
    await h.gql(
      `mutation($a: String!) { createApiKey(input: {name: "alpha", scope: AGENT, agentId: $a}) { ... on CreateApiKeyPayload { key } } }`,
      { a: agentA },
      tenant.key,
    )
  ).createApiKey.key;
});
afterAll(async () => {
  await h?.stop();
  await receiver?.close();
  await owner?.end();
});

describe("runs", () => {
  it("emits run.created, run.started and run.completed to subscribers and the one-off webhookUrl, without leaking sensitive input", async () => {
    const ep = (
      await h.gql(
        `mutation($u: String!) { createEndpoint(input: {url: $u, eventTypes: ["run.*"]}) { ... on CreateEndpointPayload { signingSecret } } }`,
        { u: `${receiver.url}/sub` },
        tenant.key,
      )
    ).createEndpoint;
    const runSecret = (await h.gql(`{ viewer { tenant { runWebhookSecret } } }`, {}, tenant.key))
      .viewer.tenant.runWebhookSecret as string;

    const created = await rest("POST", "/v1/runs", tenant.key, {
      agentId: agentA,
      input: { task: "summarise" },
      sensitiveInput: { apiToken: CANARY },
      webhookUrl: `${receiver.url}/oneoff`,
      metadata: { source: "test" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: "queued",
      sensitiveInputKeys: ["apiToken"],
      agentId: agentA,
    });
    const id = created.body.id;
    const started = await rest("POST", `/v1/runs/${id}/start`, agentKeyA);
    expect(started.body.status).toBe("running");
    const done = await rest("POST", `/v1/runs/${id}/complete`, agentKeyA, {
      status: "failed",
      error: { message: "model timed out", code: "timeout" },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "failed", error: { message: "model timed out" } });
    expect(done.body.finishedAt).toBeTruthy();

    for (const [path, secret] of [
      ["/sub", ep.signingSecret],
      ["/oneoff", runSecret],
    ] as const) {
      const got = await receiver.waitFor(3, { path });
      const events = got.map((r) => new Webhook(secret).verify(r.body, r.headers) as any);
      expect(events.map((e) => e.type).sort()).toEqual([
        "run.completed",
        "run.created",
        "run.started",
      ]);
      const completed = events.find((e) => e.type === "run.completed");
      expect(completed.data.run).toMatchObject({
        id,
        status: "failed",
        error: { message: "model timed out" },
      });
      expect(completed.data.run.sensitiveInputKeys).toEqual(["apiToken"]);
    }
    const again = await rest("POST", `/v1/runs/${id}/complete`, tenant.key, {
      status: "succeeded",
    });
    expect(again.status).toBe(409);
    expect(again.type).toContain("application/problem+json");
    const restart = await rest("POST", `/v1/runs/${id}/start`, tenant.key);
    expect(restart.status).toBe(409);
    expect((await rest("GET", `/v1/runs/${id}`, tenant.key)).body.status).toBe("failed");

    // The canary is nowhere: not in what receivers got, API responses, logs, or the database.
    await waitUntil(async () => {
      const [r] = await owner`select webhook_state from runs where id = ${id}`;
      return r?.webhook_state === "delivered";
    });
    const seen = [
      ...receiver.received.map((r) => r.body + JSON.stringify(r.headers)),
      created.text,
      started.text,
      done.text,
      (await rest("GET", `/v1/runs/${id}`, tenant.key)).text,
      ...h.logs,
    ].join("\n");
    expect(seen).not.toContain(CANARY);
    const tables =
      await owner`select table_schema, table_name from information_schema.tables where table_schema in ('public', 'graphile_worker') and table_type = 'BASE TABLE'`;
    expect(tables.length).toBeGreaterThan(10);
    for (const { table_schema, table_name } of tables) {
      const rows = await owner.unsafe(
        `select t::text as row from "${table_schema}"."${table_name}" t`,
      );
      expect(rows.map((r: any) => r.row).join("\n")).not.toContain(CANARY);
    }
    const [run] =
      await owner`select sensitive_input, sensitive_input_key_id from runs where id = ${id}`;
    expect(run).toEqual({ sensitive_input: null, sensitive_input_key_id: null });
  });

  it("lists runs with cursor pagination and filters", async () => {
    for (let i = 0; i < 3; i++)
      await rest("POST", "/v1/runs", tenant.key, { agentId: agentB, input: { i } });
    const first = await rest("GET", `/v1/runs?agentId=${agentB}&limit=2`, tenant.key);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await rest(
      "GET",
      `/v1/runs?agentId=${agentB}&limit=2&cursor=${first.body.nextCursor}`,
      tenant.key,
    );
    expect(second.body.data).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const queued = await rest("GET", "/v1/runs?status=queued", tenant.key);
    expect(queued.body.data.every((r: any) => r.status === "queued")).toBe(true);
    const gql = await h.gql(
      `{ runs(status: QUEUED, first: 10) { nodes { id status agentId } } }`,
      {},
      tenant.key,
    );
    expect(gql.runs.nodes.length).toBeGreaterThanOrEqual(3);
  });
});

describe("agent keys and auto-registration", () => {
  const register = (key: string, url: string, extra = "") =>
    h.gql(
      `mutation($u: String!) { registerAgentWebhook(input: {url: $u${extra}}) { __typename
        ... on RegisterAgentWebhookPayload { created signingSecret endpoint { id eventTypes agentId } }
        ... on ForbiddenError { message } ... on ValidationError { message } } }`,
      { u: url },
      key,
    );

  it("is idempotent on (tenant, agent, url)", async () => {
    const first = (await register(agentKeyA, `${receiver.url}/agent-a`)).registerAgentWebhook;
    const second = (
      await register(agentKeyA, `${receiver.url}/agent-a`, `, eventTypes: ["run.completed"]`)
    ).registerAgentWebhook;
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.endpoint.id).toBe(first.endpoint.id);
    expect(second.signingSecret).toBe(first.signingSecret);
    expect(first.endpoint.eventTypes).toEqual(["run.*"]);
    expect(second.endpoint.eventTypes).toEqual(["run.completed"]);
    expect(first.endpoint.agentId).toBe(agentA);
    const [{ n }] =
      (await owner`select count(*)::int as n from endpoints where url = ${`${receiver.url}/agent-a`}`) as any;
    expect(n).toBe(1);
    await register(agentKeyA, `${receiver.url}/agent-a`, `, eventTypes: ["run.*"]`);
    const unreg = await h.gql(
      `mutation($u: String!) { unregisterAgentWebhook(input: {url: $u}) { ... on UnregisterAgentWebhookPayload { removed } } }`,
      { u: `${receiver.url}/gone` },
      agentKeyA,
    );
    expect(unreg.unregisterAgentWebhook.removed).toBe(false);
  });

  it("confines an agent key to its own agent", async () => {
    const other = await rest("POST", "/v1/runs", tenant.key, { agentId: agentB, input: {} });
    expect((await rest("GET", `/v1/runs/${other.body.id}`, agentKeyA)).status).toBe(404);
    expect((await rest("POST", `/v1/runs/${other.body.id}/start`, agentKeyA)).status).toBe(404);
    expect((await rest("POST", "/v1/runs", agentKeyA, { agentId: agentB })).status).toBe(403);
    const list = await rest("GET", "/v1/runs", agentKeyA);
    expect(list.body.data.every((r: any) => r.agentId === agentA)).toBe(true);
    const nodeOther = await h.gqlRaw(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: other.body.id },
      agentKeyA,
    );
    expect(nodeOther.body.data?.node ?? null).toBeNull();

    const forOther = await register(agentKeyA, `${receiver.url}/x`, `, agentId: "${agentB}"`);
    expect(forOther.registerAgentWebhook.__typename).toBe("ForbiddenError");
    const ep = await h.gql(
      `mutation($u: String!) { createEndpoint(input: {url: $u}) { __typename } }`,
      { u: `${receiver.url}/y` },
      agentKeyA,
    );
    expect(ep.createEndpoint.__typename).toBe("ForbiddenError");
    const settings = await h.gqlRaw(
      `{ viewer { tenant { name runWebhookSecret } } }`,
      {},
      agentKeyA,
    );
    expect(settings.body.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(settings.body)).not.toContain("whsec_");
    const endpoints = await h.gql(`{ endpoints { nodes { agentId } } }`, {}, agentKeyA);
    expect(endpoints.endpoints.nodes.every((e: any) => e.agentId === agentA)).toBe(true);
    const keys = await h.gql(
      `mutation { createApiKey(input: {name: "x"}) { __typename } }`,
      {},
      agentKeyA,
    );
    expect(keys.createApiKey.__typename).toBe("ForbiddenError");
    const events = await rest("POST", "/v1/events", agentKeyA, { type: "x.y", data: {} });
    expect(events.status).toBe(403);
  });
});

describe("inbound triggers", () => {
  let trigger: { id: string; url: string; secret: string };

  async function post(id: string, body: string, headers: Record<string, string>) {
    const res = await fetch(`${h.url}/v1/triggers/${id}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    return { status: res.status, text: await res.text() };
  }
  function signed(secret: string, body: string, msgId: string, at = new Date()) {
    const signature = new Webhook(secret).sign(msgId, at, body);
    return {
      "webhook-id": msgId,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signature,
    };
  }

  beforeAll(async () => {
    const data = await h.gql(
      `mutation($a: ID!) { createTrigger(input: {agentId: $a, allowedSources: ["127.0.0.1/32", "::1"]}) {
        ... on CreateTriggerPayload { url secret trigger { id requireSignature } } } }`,
      { a: agentA },
      tenant.key,
    );
    trigger = {
      id: data.createTrigger.trigger.id,
      url: data.createTrigger.url,
      secret: data.createTrigger.secret,
    };
  });

  it("creates one queued run per signed request and the agent's webhook hears run.created", async () => {
    const reg = (
      await h.gql(
        `mutation($u: String!) { registerAgentWebhook(input: {url: $u, eventTypes: ["run.created"]}) { ... on RegisterAgentWebhookPayload { signingSecret } } }`,
        { u: `${receiver.url}/agent-trigger` },
        agentKeyA,
      )
    ).registerAgentWebhook;
    const body = JSON.stringify({ ticket: 4711 });
    const headers = signed(trigger.secret, body, "msg_trigger_one");
    const before = await runCount();
    const res = await post(trigger.id, body, headers);
    expect(res.status).toBe(202);
    const { runId, status } = JSON.parse(res.text);
    expect(status).toBe("queued");
    expect(await runCount()).toBe(before + 1);
    const replay = await post(trigger.id, body, headers);
    expect(replay.status).toBe(202);
    expect(JSON.parse(replay.text).runId).toBe(runId);
    expect(await runCount()).toBe(before + 1);

    const [got] = await receiver.waitFor(1, { path: "/agent-trigger" });
    const event = new Webhook(reg.signingSecret).verify(got!.body, got!.headers) as any;
    expect(event.type).toBe("run.created");
    expect(event.data.run).toMatchObject({
      id: runId,
      agentId: agentA,
      input: { ticket: 4711 },
      status: "queued",
    });

    const info = await rest("GET", `/v1/triggers/${trigger.id}`, undefined);
    expect(info.body).toMatchObject({ id: trigger.id, url: trigger.url, requireSignature: true });
    expect(info.text).not.toContain(trigger.secret);
  });

  it("refuses bad signatures, stale timestamps, disallowed sources and oversized bodies, creating nothing", async () => {
    const body = JSON.stringify({ nope: true });
    const before = await runCount();
    const badSig = await post(
      trigger.id,
      body,
      signed("whsec_" + Buffer.alloc(32, 7).toString("base64"), body, "msg_bad"),
    );
    const stale = await post(
      trigger.id,
      body,
      signed(trigger.secret, body, "msg_stale", new Date(Date.now() - 6 * 60_000)),
    );
    const unknown = await post(
      "trg_01JAAAAAAAAAAAAAAAAAAAAAAA",
      body,
      signed(trigger.secret, body, "msg_unknown"),
    );
    const fenced = (
      await h.gql(
        `mutation($a: ID!) { createTrigger(input: {agentId: $a, allowedSources: ["10.1.2.3"]}) { ... on CreateTriggerPayload { secret trigger { id } } } }`,
        { a: agentA },
        tenant.key,
      )
    ).createTrigger;
    const source = await post(fenced.trigger.id, body, signed(fenced.secret, body, "msg_src"));
    for (const r of [badSig, stale, unknown, source]) expect(r.status).toBe(401);
    expect(new Set([badSig.text, stale.text, unknown.text, source.text]).size).toBe(1);

    // 2 MiB, chunked, no Content-Length: cut off by counting bytes.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${h.url}/v1/triggers/${trigger.id}`, {
        method: "POST",
        headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", (e) =>
        String(e).includes("EPIPE") || String(e).includes("ECONNRESET") ? resolve(413) : reject(e),
      );
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < 2 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(await runCount()).toBe(before);
  });

  it("replays a run's webhook to an override URL and reports the receiver's answer", async () => {
    receiver.respond((r) =>
      r.path === "/override" ? { status: 202, body: "got it" } : { status: 200, body: "ok" },
    );
    const created = await rest("POST", "/v1/runs", tenant.key, { agentId: agentA, input: {} });
    await waitUntil(async () => {
      const [m] = await owner`select 1 from messages where run_id = ${created.body.id}`;
      return m;
    });
    const replay = await rest("POST", `/v1/runs/${created.body.id}/webhook/replay`, tenant.key, {
      overrideWebhookUrl: `${receiver.url}/override`,
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ success: true, statusCode: 202, responseBody: "got it" });
    expect(typeof replay.body.latencyMs).toBe("number");
    const [got] = await receiver.waitFor(1, { path: "/override" });
    const runSecret = (await h.gql(`{ viewer { tenant { runWebhookSecret } } }`, {}, tenant.key))
      .viewer.tenant.runWebhookSecret;
    const event = new Webhook(runSecret).verify(got!.body, got!.headers) as any;
    expect(event).toMatchObject({ type: "run.created", data: { run: { id: created.body.id } } });
  });
});

describe("agent subscriptions", () => {
  it("an agent key may subscribe only to run events", async () => {
    const wide = await h.gql(
      `mutation($u: String!) { registerAgentWebhook(input: {url: $u, eventTypes: ["*"]}) { __typename } }`,
      { u: `${receiver.url}/wide` },
      agentKeyA,
    );
    expect(wide.registerAgentWebhook.__typename).toBe("ValidationError");
    const ok = await h.gql(
      `mutation($u: String!) { registerAgentWebhook(input: {url: $u}) { ... on RegisterAgentWebhookPayload { endpoint { id } } } }`,
      { u: `${receiver.url}/narrow` },
      agentKeyA,
    );
    const id = ok.registerAgentWebhook.endpoint.id;
    const widen = await h.gql(
      `mutation($id: ID!) { updateEndpoint(input: {id: $id, eventTypes: ["endpoint.disabled"]}) { __typename } }`,
      { id },
      agentKeyA,
    );
    expect(widen.updateEndpoint.__typename).toBe("ValidationError");
    const byTenant = await h.gql(
      `mutation($u: String!, $a: ID!) { registerAgentWebhook(input: {url: $u, agentId: $a, eventTypes: ["run.*", "endpoint.disabled"]}) { __typename } }`,
      { u: `${receiver.url}/tenant-chosen`, a: agentA },
      tenant.key,
    );
    expect(byTenant.registerAgentWebhook.__typename).toBe("RegisterAgentWebhookPayload");
  });
});

it("refuses a NUL character in a REST body with a 400, writing nothing", async () => {
  const res = await fetch(`${h.url}/v1/runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${tenant.key}`, "content-type": "application/json" },
    body: '{"input": {"text": "a\\u0000b"}}',
  });
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
});
