// Test helpers: a fresh database per test file, cloned from the migrated template.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { appDatabaseUrl } from "../migrate.js";
import { databaseUrl, type TestServer } from "./global-setup.js";

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
  const { serverUrl, template, masterKey } = inject("herald");
  const name = `herald_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template ${template}`);
      break;
    } catch (error) {
      // Two clones of one template at the same instant can collide; try again.
      if (attempt >= 20 || !String(error).includes("being accessed by other users")) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
  const ownerUrl = databaseUrl(serverUrl, name);
  return {
    name,
    ownerUrl,
    appUrl: appDatabaseUrl(ownerUrl, masterKey),
    masterKey,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
