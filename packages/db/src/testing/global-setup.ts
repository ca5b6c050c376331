// Vitest global setup: one database server for the whole run (embedded unless DATABASE_URL is
// set) and one migrated template database that each test file clones.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../embedded.js";
import { appRoleName, migrate } from "../migrate.js";
import { generateMasterKey } from "../secrets.js";

export interface TestServer {
  /** Owner URL of the server's maintenance database. */
  serverUrl: string;
  template: string;
  masterKey: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    herald: TestServer;
  }
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), "herald-test-"));
    const embedded = await startEmbeddedPostgres({
      dataDir,
      password: randomBytes(12).toString("hex"),
    });
    serverUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const masterKey = generateMasterKey();
  const template = `herald_tpl_${randomBytes(5).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  await migrate({ ownerUrl: databaseUrl(serverUrl, template), masterKey });
  const server: TestServer = { serverUrl, template, masterKey };
  project.provide("herald", server);
  console.log(
    `[test db] ${stopEmbedded ? "embedded" : "external"} PostgreSQL ready, template ${template} migrated in ${Date.now() - started} ms`,
  );

  return async () => {
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    // The run's app role (derived from its random master key) owns nothing any more.
    await admin.unsafe(`drop role if exists ${appRoleName(masterKey)}`).catch(() => {});
    await admin.end({ timeout: 5 });
    await stopEmbedded?.();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
