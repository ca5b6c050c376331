// Replay and recovery: put deliveries back in the queue. Attempts keep counting, and the
// message keeps its id, so receivers dedupe on the same webhook-id.
import { type Executor, newId, tables } from "@herald/db";
import { addDeliverJobs } from "@herald/worker";
import { and, eq, gte, inArray, lt } from "drizzle-orm";

export async function requeueDeliveries(tx: Executor, tenantId: string, deliveryIds: string[]) {
  if (deliveryIds.length === 0) return 0;
  const rows = await tx
    .update(tables.deliveries)
    .set({ status: "pending", nextAttemptAt: new Date(), updatedAt: new Date() })
    .where(
      and(eq(tables.deliveries.tenantId, tenantId), inArray(tables.deliveries.id, deliveryIds)),
    )
    .returning({ id: tables.deliveries.id });
  await addDeliverJobs(
    tx,
    rows.map((r) => ({ payload: { tenantId, deliveryId: r.id } })),
  );
  return rows.length;
}

/** Resends a message to every endpoint it went to, or to one endpoint (even a new one). */
export async function replayMessage(
  tx: Executor,
  tenantId: string,
  messageId: string,
  endpoint?: { id: string; url: string },
) {
  const existing = await tx
    .select({
      id: tables.deliveries.id,
      endpointId: tables.deliveries.endpointId,
      status: tables.deliveries.status,
    })
    .from(tables.deliveries)
    .where(
      and(eq(tables.deliveries.tenantId, tenantId), eq(tables.deliveries.messageId, messageId)),
    );
  let ids = existing.filter((d) => d.status !== "pending").map((d) => d.id);
  if (endpoint) {
    const mine = existing.find((d) => d.endpointId === endpoint.id);
    if (mine) ids = mine.status === "pending" ? [] : [mine.id];
    else {
      const id = newId("delivery");
      await tx
        .insert(tables.deliveries)
        .values({ id, tenantId, messageId, endpointId: endpoint.id, url: endpoint.url });
      await addDeliverJobs(tx, [{ payload: { tenantId, deliveryId: id } }]);
      return 1;
    }
  }
  return requeueDeliveries(tx, tenantId, ids);
}

export async function recoverEndpoint(
  tx: Executor,
  tenantId: string,
  endpointId: string,
  since: Date,
  until: Date,
) {
  const failed = await tx
    .select({ id: tables.deliveries.id })
    .from(tables.deliveries)
    .where(
      and(
        eq(tables.deliveries.tenantId, tenantId),
        eq(tables.deliveries.endpointId, endpointId),
        eq(tables.deliveries.status, "failed"),
        gte(tables.deliveries.createdAt, since),
        lt(tables.deliveries.createdAt, until),
      ),
    );
  return requeueDeliveries(
    tx,
    tenantId,
    failed.map((d) => d.id),
  );
}
