// Test helpers: a fresh database per test file, cloned from the migrated template.
import { inject } from "vitest";
import { appDatabaseUrl } from "../migrate.js";
// The type comes through global-setup, which declares what `inject("herald")` returns.
import type { TestServer } from "./global-setup.js";
import { cloneTemplate } from "./template-server.js";

export type { TestServer };

/** The run's database server and migrated template, for suites that manage their own. */
export function testServer(): TestServer {
  return inject("herald");
}

export interface TestDatabase {
  name: string;
  /** Owner (superuser) URL: for assertions that must look past row-level security. */
  ownerUrl: string;
  /** The unprivileged app role's URL, as the API and worker use it. */
  appUrl: string;
  masterKey: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = inject("herald");
  const db = await cloneTemplate(server);
  return {
    ...db,
    appUrl: appDatabaseUrl(db.ownerUrl, server.masterKey),
    masterKey: server.masterKey,
  };
}
