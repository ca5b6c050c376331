// Brings a database up to date, as its owner: Herald's tables and policies, graphile-worker's
// schema, and the unprivileged role the application connects as.
import { createHash, createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as drizzleMigrate } from "drizzle-orm/postgres-js/migrator";
import { runMigrations } from "graphile-worker";
import postgres from "postgres";
import { parseMasterKeys } from "./secrets.js";

const MIGRATIONS = fileURLToPath(new URL("../migrations", import.meta.url));

/**
 * The app role and its password derive from the oldest master key (the last in the list):
 * every process that holds the keys can connect without another secret to distribute, a
 * rotation (prepending a new key) keeps the role, and installations with different keys on
 * one PostgreSQL cluster get different roles instead of resetting each other's password.
 */
function roleKey(masterKey: string): Buffer {
  return parseMasterKeys(masterKey).at(-1)!.key;
}

export function appRoleName(masterKey: string): string {
  return `herald_app_${createHash("sha256").update(roleKey(masterKey)).digest("hex").slice(0, 12)}`;
}

export function appRolePassword(masterKey: string): string {
  return createHmac("sha256", roleKey(masterKey)).update("herald.db.app-role").digest("base64url");
}

/** The owner URL with the app role's credentials in place of the owner's. */
export function appDatabaseUrl(ownerUrl: string, masterKey: string): string {
  const url = new URL(ownerUrl);
  url.username = appRoleName(masterKey);
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
    const role = appRoleName(masterKey);
    await ensureAppRole(sql, role, appRolePassword(masterKey));
    await drizzleMigrate(drizzle({ client: sql }), { migrationsFolder: MIGRATIONS });
    await runMigrations({ connectionString: ownerUrl, logger: undefined });
    await grantAppRole(sql, role);
    await sql`select pg_advisory_unlock(hashtext('herald.migrate'))`;
    log("database migrated");
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function ensureAppRole(sql: postgres.Sql, role: string, password: string) {
  // Roles are cluster-wide and several databases may migrate at once: tolerate the race.
  await sql.unsafe(`
    do $$ begin
      if not exists (select from pg_roles where rolname = '${role}') then
        create role ${role} login nosuperuser nobypassrls nocreatedb nocreaterole;
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$`);
  await sql.unsafe(
    `alter role ${role} with login nosuperuser nobypassrls password '${password.replaceAll("'", "''")}'`,
  );
}

async function grantAppRole(sql: postgres.Sql, role: string) {
  await sql.unsafe(`
    grant usage on schema public to ${role};
    grant select, insert, update, delete on all tables in schema public to ${role};
    revoke all on table worker_heartbeats from ${role};
    grant execute on function herald_add_jobs(json) to ${role};
  `);
}
