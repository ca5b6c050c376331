// (6) Resources: peak resident memory of the API and worker processes under a throughput run,
// and what PostgreSQL writes per delivery: rows (inserted + updated + deleted, Herald's tables
// and graphile-worker's), WAL bytes, and table growth.
import postgres from "postgres";
import { startHerald } from "../herald.js";
import { startReceivers } from "../receivers.js";
import { type Scenario, waitFor } from "../scenario.js";
import { mapLimit, mb, progress, round } from "../stats.js";
import { BenchTenant, samplePayload } from "../tenant.js";
import { ENDPOINTS } from "./throughput.js";

interface PgCounters {
  rows: number;
  inserted: number;
  updated: number;
  deleted: number;
  walBytes: number;
  databaseBytes: number;
}

async function counters(sql: postgres.Sql): Promise<PgCounters> {
  const [t] = await sql`
    select coalesce(sum(n_tup_ins), 0)::bigint as ins, coalesce(sum(n_tup_upd), 0)::bigint as upd,
           coalesce(sum(n_tup_del), 0)::bigint as del
    from pg_stat_user_tables`;
  const [w] = await sql`select wal_bytes::bigint as wal from pg_stat_wal`;
  const [d] = await sql`select pg_database_size(current_database())::bigint as size`;
  const inserted = Number(t?.ins ?? 0);
  const updated = Number(t?.upd ?? 0);
  const deleted = Number(t?.del ?? 0);
  return {
    rows: inserted + updated + deleted,
    inserted,
    updated,
    deleted,
    walBytes: Number(w?.wal ?? 0),
    databaseBytes: Number(d?.size ?? 0),
  };
}

export const resources: Scenario = {
  name: "resources",
  title: "Resources per delivery",
  async run(ctx) {
    const n = ctx.options.resourceEvents;
    const db = await ctx.server.createDatabase("herald_bench");
    const sql = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
    const receivers = await startReceivers();
    let herald: Awaited<ReturnType<typeof startHerald>> | undefined;
    try {
      herald = await startHerald(db, ctx.server.masterKey, {
        concurrency: ctx.options.concurrency,
        env: ctx.options.env,
      });
      const tenant = await BenchTenant.create(herald);
      await tenant.createEndpoints(
        Array.from({ length: ENDPOINTS }, (_, i) => ({
          url: `${receivers.urls[0]}/ep/${i}`,
          channels: [`c${i}`],
        })),
      );
      // Statistics reach the views when backends flush them; a pause makes "before" settle.
      await new Promise((r) => setTimeout(r, 1500));
      const before = await counters(sql);
      let published = 0;
      const stop = progress(
        "resources",
        () => `published ${published}/${n}, delivered ${receivers.count}`,
      );
      try {
        await mapLimit(
          Array.from({ length: n }, (_, i) => i),
          64,
          async (i) => {
            await tenant.publish(samplePayload(i), [`c${i % ENDPOINTS}`]);
            published++;
          },
        );
        await waitFor(() => receivers.count >= n, 120_000);
      } finally {
        stop();
      }
      const rss = await herald.peakRss();
      // Stopping the processes flushes their backends' statistics.
      await herald.stop();
      herald = undefined;
      await new Promise((r) => setTimeout(r, 1500));
      const after = await counters(sql);
      const delivered = receivers.count;
      const per = (k: keyof PgCounters) =>
        round((after[k] - before[k]) / Math.max(1, delivered), 1);
      return {
        headline: `worker ${mb(rss.worker)} MB, API ${mb(rss.api)} MB peak RSS; ${per("rows")} rows, ${round(per("walBytes") / 1024, 1)} KiB WAL per delivery`,
        complete: delivered >= n,
        figures: {
          events: n,
          delivered,
          peakRssMb: { api: mb(rss.api), worker: mb(rss.worker) },
          perDelivery: {
            rows: per("rows"),
            inserted: per("inserted"),
            updated: per("updated"),
            deleted: per("deleted"),
            walBytes: per("walBytes"),
            databaseGrowthBytes: per("databaseBytes"),
          },
        },
      };
    } finally {
      await herald?.stop();
      await receivers.close();
      await sql.end({ timeout: 5 });
      await db.drop();
    }
  },
};
