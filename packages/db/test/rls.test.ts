import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connect,
  type DatabaseHandle,
  Keyring,
  newId,
  TENANT_TABLES,
  tables,
  withTenant,
} from "../src/index.js";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.js";

let tdb: TestDatabase;
let app: DatabaseHandle;
let owner: postgres.Sql;

beforeAll(async () => {
  tdb = await createTestDatabase();
  app = connect(tdb.appUrl, { max: 2 });
  owner = postgres(tdb.ownerUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await app?.close();
  await owner?.end();
  await tdb?.drop();
});

async function seedTenant(name: string) {
  const keyring = Keyring.from(tdb.masterKey);
  const id = newId("tenant");
  const sealed = keyring.seal("whsec_dGVzdA==");
  await withTenant(app.db, id, async (tx) => {
    await tx.insert(tables.tenants).values({
      id,
      name,
      runWebhookSecret: sealed.ciphertext,
      runWebhookSecretKeyId: sealed.keyId,
    });
    await tx.insert(tables.agents).values({ id: newId("agent"), tenantId: id, name: "a" });
  });
  return id;
}

describe("row-level security", () => {
  it("the app role is neither superuser nor BYPASSRLS and owns no table", async () => {
    const [role] =
      await app.sql`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned =
      await app.sql`select tablename from pg_tables where schemaname = 'public' and tableowner = current_user`;
    expect(owned).toHaveLength(0);
  });

  it("every tenant table has RLS enabled and forced", async () => {
    const rows =
      await owner`select relname, relrowsecurity, relforcerowsecurity from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace`;
    for (const table of [...TENANT_TABLES, "tenants"]) {
      const row = rows.find((r) => r.relname === table);
      expect(row, table).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
    }
  });

  it("with no tenant set, SQL sees zero rows in every tenant table", async () => {
    const a = await seedTenant("a");
    await seedTenant("b");
    for (const table of [...TENANT_TABLES, "tenants"]) {
      const [row] = await app.sql.unsafe(`select count(*)::int as n from ${table}`);
      expect(row?.n, table).toBe(0);
    }
    const seen = await withTenant(app.db, a, (tx) => tx.select().from(tables.agents));
    expect(seen.map((r) => r.tenantId)).toEqual([a]);
    const [total] = await owner`select count(*)::int as n from agents`;
    expect(total?.n).toBe(2);
  });

  it("a tenant cannot write rows for another tenant", async () => {
    const a = await seedTenant("c");
    const b = await seedTenant("d");
    await expect(
      withTenant(app.db, a, (tx) =>
        tx.insert(tables.agents).values({ id: newId("agent"), tenantId: b, name: "x" }),
      ),
    ).rejects.toThrow();
    const updated = await withTenant(app.db, a, (tx) =>
      tx.update(tables.agents).set({ name: "hijacked" }).where(sql`tenant_id = ${b}`).returning(),
    );
    expect(updated).toHaveLength(0);
  });
});
