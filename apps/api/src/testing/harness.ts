// Test fixtures: a real API (and optionally a real worker) on a fresh database per test file.
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { createLogger, type Logger, startWorker, type WorkerHandle } from "@herald/worker";
import { type ApiHandle, startApi } from "../app.js";
import { loadConfig } from "../config.js";

export interface HeraldFixture {
  url: string;
  adminKey: string;
  tdb: TestDatabase;
  api: ApiHandle;
  worker: WorkerHandle | undefined;
  logs: string[];
  /** POST /graphql; returns `data` and throws on GraphQL errors unless `raw`. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, key?: string): Promise<T>;
  gqlRaw(
    query: string,
    variables?: Record<string, unknown>,
    key?: string,
  ): Promise<{ status: number; body: any }>;
  /** A new tenant and its tenant-scoped API key. */
  createTenant(name?: string): Promise<{ id: string; key: string }>;
  stop(): Promise<void>;
}

export interface FixtureOptions {
  worker?: boolean;
  env?: Record<string, string>;
}

export async function startHerald(options: FixtureOptions = {}): Promise<HeraldFixture> {
  const tdb = await createTestDatabase();
  const adminKey = `hk_admin_test_${Math.random().toString(36).slice(2)}_0123456789`;
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    HERALD_ALLOW_PRIVATE_DESTINATIONS: "127.0.0.0/8,::1/128",
    HERALD_LOG_LEVEL: "debug",
    ...options.env,
  });
  const logs: string[] = [];
  const echo = process.env.HERALD_TEST_LOGS === "1";
  const log: Logger = createLogger({
    level: "debug",
    write: (line) => {
      logs.push(line);
      if (echo) process.stderr.write(`${line}\n`);
    },
  });
  const db = {
    appUrl: tdb.appUrl,
    ownerUrl: tdb.ownerUrl,
    masterKey: tdb.masterKey,
    adminKey,
    embedded: false,
  };
  const api = await startApi(config, db, log.child({ service: "api" }));
  const worker = options.worker
    ? await startWorker(config.worker, db, log.child({ service: "worker" }))
    : undefined;
  const url = `http://127.0.0.1:${api.port}`;

  async function gqlRaw(query: string, variables: Record<string, unknown> = {}, key?: string) {
    const res = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: await res.json() };
  }
  async function gql(query: string, variables: Record<string, unknown> = {}, key?: string) {
    const { body } = await gqlRaw(query, variables, key);
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  }
  return {
    url,
    adminKey,
    tdb,
    api,
    worker,
    logs,
    gql,
    gqlRaw,
    async createTenant(name = "acme") {
      const data = await gql(
        `mutation($name: String!) { createTenant(input: {name: $name}) {
          __typename ... on CreateTenantPayload { tenant { id } apiKey } } }`,
        { name },
        adminKey,
      );
      return { id: data.createTenant.tenant.id, key: data.createTenant.apiKey };
    },
    async stop() {
      await worker?.stop();
      await api.stop();
      await tdb.drop();
    },
  };
}
