// A database server with one migrated template database, cloned into a fresh database per
// test file or bench scenario. The server is DATABASE_URL when given, else an embedded
// PostgreSQL in a temporary folder. Used by the test suite's global setup and by the bench;
// it imports nothing from vitest, so plain scripts may use it.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../embedded.js";
import { appRoleName, migrate } from "../migrate.js";
import { generateMasterKey } from "../secrets.js";

/** What a template server is, as it can be handed to another process. */
export interface TestServer {
  /** Owner URL of the server's maintenance database. */
  serverUrl: string;
  template: string;
  masterKey: string;
}

export interface ClonedDatabase {
  name: string;
  /** Owner (superuser) URL. */
  ownerUrl: string;
  drop(): Promise<void>;
}

export interface TemplateServer extends TestServer {
  embedded: boolean;
  /** A fresh database cloned from the template, named `<prefix>_<random>`. */
  createDatabase(prefix?: string): Promise<ClonedDatabase>;
  /** Drops what this server made (the template and its app role, unless reused) and stops. */
  close(): Promise<void>;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Clones the template; retries when another clone of it is starting at the same instant. */
export async function cloneTemplate(
  server: TestServer,
  prefix = "herald_t",
): Promise<ClonedDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(server.serverUrl, { max: 1, onnotice: () => {} });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template ${server.template}`);
      break;
    } catch (error) {
      // Two clones of one template at the same instant can collide; try again.
      if (attempt >= 20 || !String(error).includes("being accessed by other users")) {
        await admin.end({ timeout: 5 });
        throw error;
      }
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
  return {
    name,
    ownerUrl: databaseUrl(server.serverUrl, name),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/**
 * Starts (or attaches to) a server and migrates a new template on it. With `existing`,
 * reuses a server and template made elsewhere and leaves them be on close.
 */
export async function startTemplateServer(options: {
  databaseUrl?: string | undefined;
  existing?: TestServer;
  templatePrefix?: string;
}): Promise<TemplateServer> {
  if (options.existing) {
    const existing = options.existing;
    return {
      ...existing,
      embedded: false,
      createDatabase: (prefix) => cloneTemplate(existing, prefix),
      close: async () => {},
    };
  }
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  let serverUrl = options.databaseUrl;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), "herald-db-"));
    const embedded = await startEmbeddedPostgres({
      dataDir,
      password: randomBytes(12).toString("hex"),
    });
    serverUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const masterKey = generateMasterKey();
  const template = `${options.templatePrefix ?? "herald_tpl"}_${randomBytes(5).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  await migrate({ ownerUrl: databaseUrl(serverUrl, template), masterKey });
  const server: TestServer = { serverUrl, template, masterKey };
  return {
    ...server,
    embedded: Boolean(stopEmbedded),
    createDatabase: (prefix) => cloneTemplate(server, prefix),
    async close() {
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      // The app role (derived from this server's random master key) owns nothing any more.
      await admin.unsafe(`drop role if exists ${appRoleName(masterKey)}`).catch(() => {});
      await admin.end({ timeout: 5 });
      await stopEmbedded?.();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
