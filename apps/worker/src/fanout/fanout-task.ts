// The fan-out job: one delivery row per matching enabled endpoint (and, for a run event, the
// run's one-off webhook URL), and their delivery jobs added in bulk, in one transaction.
import { newId, tables, withTenant } from "@herald/db";
import { FanoutJob } from "@herald/schema";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { TaskDeps } from "../deps.js";
import { addDeliverJobs } from "../jobs.js";
import { endpointWants } from "./match.js";

export async function runFanout(deps: TaskDeps, rawPayload: unknown): Promise<void> {
  const { tenantId, messageId } = FanoutJob.parse(rawPayload);
  // Most messages are not run events: herald_fan_out routes them (the rules of match.ts, in
  // SQL) and writes their delivery rows and jobs in one statement. It answers NULL for a run
  // event, which may also go to its run's one-off webhook URL: the transaction below.
  const [done] = await deps.db.execute<{ n: number | null }>(
    sql`select herald_fan_out(${tenantId}, ${messageId}) as n`,
  );
  if (done && done.n !== null) {
    deps.log.debug("fanout.done", { tenantId, messageId, deliveries: done.n });
    return;
  }
  const count = await withTenant(deps.db, tenantId, async (tx) => {
    const [message] = await tx
      .select()
      .from(tables.messages)
      .where(and(eq(tables.messages.tenantId, tenantId), eq(tables.messages.id, messageId)));
    if (!message) return 0;
    const endpoints = await tx
      .select({
        id: tables.endpoints.id,
        url: tables.endpoints.url,
        eventTypes: tables.endpoints.eventTypes,
        channels: tables.endpoints.channels,
        agentId: tables.endpoints.agentId,
      })
      .from(tables.endpoints)
      .where(and(eq(tables.endpoints.tenantId, tenantId), eq(tables.endpoints.status, "enabled")));
    const rows: (typeof tables.deliveries.$inferInsert)[] = endpoints
      .filter((e) => endpointWants(e, message))
      .map((e) => ({ id: newId("delivery"), tenantId, messageId, endpointId: e.id, url: e.url }));

    if (message.runId) {
      const [run] = await tx
        .select({ webhookUrl: tables.runs.webhookUrl })
        .from(tables.runs)
        .where(and(eq(tables.runs.tenantId, tenantId), eq(tables.runs.id, message.runId)));
      const [already] = await tx
        .select({ id: tables.deliveries.id })
        .from(tables.deliveries)
        .where(
          and(eq(tables.deliveries.messageId, messageId), isNull(tables.deliveries.endpointId)),
        );
      if (run?.webhookUrl && !already) {
        rows.push({
          id: newId("delivery"),
          tenantId,
          messageId,
          endpointId: null,
          url: run.webhookUrl,
        });
        await tx
          .update(tables.runs)
          .set({ webhookState: "pending" })
          .where(eq(tables.runs.id, message.runId));
      }
    }
    if (rows.length === 0) return 0;
    // A retried fan-out must not deliver twice: existing (message, endpoint) pairs are skipped.
    const inserted = await tx
      .insert(tables.deliveries)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: tables.deliveries.id });
    await addDeliverJobs(
      tx,
      inserted.map((d) => ({ payload: { tenantId, deliveryId: d.id } })),
    );
    return inserted.length;
  });
  deps.log.debug("fanout.done", { tenantId, messageId, deliveries: count });
}
