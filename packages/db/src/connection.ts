// Connections: a postgres.js pool wrapped by drizzle, and the per-transaction tenant scope
// that row-level security keys on.
import { sql } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { relations } from "./relations.js";

export type Relations = typeof relations;
export type Database = PostgresJsDatabase<Relations>;
/** A database handle inside a transaction (what `withTenant` hands its callback). */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Tx;

export interface DatabaseHandle {
  db: Database;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export interface ConnectOptions {
  max?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

export function connect(url: string, options: ConnectOptions = {}): DatabaseHandle {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "herald" },
  });
  const db = drizzle({ client, relations });
  return { db, sql: client, close: () => client.end({ timeout: 5 }) };
}

/**
 * Runs `fn` in a transaction scoped to one tenant. `set_config(..., true)` is local to the
 * transaction, so the setting never leaks to the next user of a pooled connection.
 */
export async function withTenant<T>(
  db: Database,
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return fn(tx);
  });
}

/** Sets the tenant on a transaction already open. */
export async function setTenant(tx: Executor, tenantId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
}
