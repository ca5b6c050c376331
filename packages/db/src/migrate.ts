// Brings a database up to date, as its owner: Herald's tables and policies, graphile-worker's
// schema, and the unprivileged role the application connects as.
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as drizzleMigrate } from "drizzle-orm/postgres-js/migrator";
import { runMigrations } from "graphile-worker";
import postgres from "postgres";

export const APP_ROLE = "herald_app";
const MIGRATIONS = fileURLToPath(new URL("../migrations", import.meta.url));

/**
 * The app role's password, derived from the master key so every process that holds the key
 * can connect without another secret to distribute.
 */
export function appRolePassword(masterKey: string): string {
  return createHmac("sha256", masterKey).update("herald.db.app-role").digest("base64url");
}

/** The owner URL with the app role's credentials in place of the owner's. */
export function appDatabaseUrl(ownerUrl: string, masterKey: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = appRolePassword(masterKey);
  return url.toString();
}

export interface MigrateOptions {
  ownerUrl: string;
  masterKey: string;
  log?: (line: string) => void;
}

export async function migrate({ ownerUrl, masterKey, log = () => {} }: MigrateOptions) {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    // One migrator at a time per database (api and worker may start together).
    await sql`select pg_advisory_lock(hashtext('herald.migrate'))`;
    await ensureAppRole(sql, appRolePassword(masterKey));
    await drizzleMigrate(drizzle({ client: sql }), { migrationsFolder: MIGRATIONS });
    await runMigrations({ connectionString: ownerUrl, logger: undefined });
    await grantAppRole(sql);
    await sql`select pg_advisory_unlock(hashtext('herald.migrate'))`;
    log("database migrated");
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function ensureAppRole(sql: postgres.Sql, password: string) {
  // Roles are cluster-wide and several databases may migrate at once: tolerate the race.
  await sql.unsafe(`
    do $$ begin
      if not exists (select from pg_roles where rolname = '${APP_ROLE}') then
        create role ${APP_ROLE} login nosuperuser nobypassrls nocreatedb nocreaterole;
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$`);
  await sql.unsafe(
    `alter role ${APP_ROLE} with login nosuperuser nobypassrls password '${password.replaceAll("'", "''")}'`,
  );
}

async function grantAppRole(sql: postgres.Sql) {
  await sql.unsafe(`
    grant usage on schema public to ${APP_ROLE};
    grant select, insert, update, delete on all tables in schema public to ${APP_ROLE};
    revoke all on table worker_heartbeats from ${APP_ROLE};
    grant execute on function herald_add_jobs(json) to ${APP_ROLE};
  `);
}
