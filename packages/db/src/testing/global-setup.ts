// Vitest global setup: one database server for the whole run (embedded unless DATABASE_URL is
// set) and one migrated template database that each test file clones.
import type { TestProject } from "vitest/node";
import { startTemplateServer, type TestServer } from "./template-server.js";

export type { TestServer };

declare module "vitest" {
  export interface ProvidedContext {
    herald: TestServer;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const server = await startTemplateServer({ databaseUrl: process.env.DATABASE_URL });
  project.provide("herald", {
    serverUrl: server.serverUrl,
    template: server.template,
    masterKey: server.masterKey,
  });
  console.log(
    `[test db] ${server.embedded ? "embedded" : "external"} PostgreSQL ready, template ${server.template} migrated in ${Date.now() - started} ms`,
  );
  return () => server.close();
}
