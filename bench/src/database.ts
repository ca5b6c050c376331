// The bench's PostgreSQL: DATABASE_URL when set, else an embedded server in a temp folder;
// one migrated template that each scenario clones, so every scenario starts from empty tables.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { appRoleName, generateMasterKey, migrate, startEmbeddedPostgres } from "@herald/db";
import postgres from "postgres";

export interface BenchServer {
  /** Owner (superuser) URL of the server's maintenance database. */
  serverUrl: string;
  template: string;
  masterKey: string;
  embedded: boolean;
  /** A fresh database cloned from the template; returns its owner URL. */
  createDatabase(): Promise<BenchDatabase>;
  close(): Promise<void>;
}

export interface BenchDatabase {
  name: string;
  ownerUrl: string;
  drop(): Promise<void>;
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** `existing` reuses a server and template made elsewhere (the test suite's). */
export async function startBenchServer(options: {
  databaseUrl?: string | undefined;
  existing?: { serverUrl: string; template: string; masterKey: string };
}): Promise<BenchServer> {
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  let serverUrl = options.existing?.serverUrl ?? options.databaseUrl;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), "herald-bench-"));
    const pg = await startEmbeddedPostgres({ dataDir, password: randomBytes(12).toString("hex") });
    serverUrl = pg.url;
    stopEmbedded = pg.stop;
  }
  const admin = postgres(serverUrl, { max: 2, onnotice: () => {} });
  let template: string;
  let masterKey: string;
  const ownsTemplate = !options.existing;
  if (options.existing) {
    ({ template, masterKey } = options.existing);
  } else {
    masterKey = generateMasterKey();
    template = `herald_bench_tpl_${randomBytes(4).toString("hex")}`;
    await admin.unsafe(`create database ${template}`);
    await migrate({ ownerUrl: withDatabase(serverUrl, template), masterKey });
  }
  const url = serverUrl;
  return {
    serverUrl: url,
    template,
    masterKey,
    embedded: Boolean(stopEmbedded),
    async createDatabase() {
      const name = `herald_bench_${randomBytes(4).toString("hex")}`;
      await admin.unsafe(`create database ${name} template ${template}`);
      return {
        name,
        ownerUrl: withDatabase(url, name),
        drop: async () => {
          await admin.unsafe(`drop database if exists ${name} with (force)`);
        },
      };
    },
    async close() {
      if (ownsTemplate) {
        await admin.unsafe(`drop database if exists ${template} with (force)`);
        await admin.unsafe(`drop role if exists ${appRoleName(masterKey)}`).catch(() => {});
      }
      await admin.end({ timeout: 5 });
      await stopEmbedded?.();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
