// Publishing a message: the row and its fan-out job in the caller's transaction. An
// idempotency key is enforced by a unique index, so concurrent publishes with one key
// create one message.
import { type Executor, newId, tables } from "@herald/db";
import { and, eq } from "drizzle-orm";
import { addFanoutJob } from "./jobs.js";
import { messagesPublished } from "./metrics.js";

export type MessageRow = typeof tables.messages.$inferSelect;

export interface PublishInput {
  tenantId: string;
  type: string;
  data: Record<string, unknown>;
  channels?: string[] | undefined;
  idempotencyKey?: string | null | undefined;
  runId?: string | null;
  agentId?: string | null;
}

export async function publishMessage(
  tx: Executor,
  input: PublishInput,
): Promise<{ message: MessageRow; created: boolean }> {
  const [message] = await tx
    .insert(tables.messages)
    .values({
      id: newId("message"),
      tenantId: input.tenantId,
      eventType: input.type,
      payload: input.data,
      channels: input.channels ?? [],
      idempotencyKey: input.idempotencyKey ?? null,
      runId: input.runId ?? null,
      agentId: input.agentId ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (message) {
    await addFanoutJob(tx, { tenantId: input.tenantId, messageId: message.id });
    messagesPublished();
    return { message, created: true };
  }
  // The key was taken: by now the other insert has committed, and a fresh statement sees it.
  const [existing] = await tx
    .select()
    .from(tables.messages)
    .where(
      and(
        eq(tables.messages.tenantId, input.tenantId),
        eq(tables.messages.idempotencyKey, input.idempotencyKey ?? ""),
      ),
    );
  if (!existing) throw new Error("idempotency conflict without a message");
  return { message: existing, created: false };
}

/** The envelope a receiver gets; serialised once so the signature covers exactly these bytes. */
export function messageBody(
  message: Pick<MessageRow, "id" | "eventType" | "createdAt" | "payload">,
) {
  return JSON.stringify({
    id: message.id,
    type: message.eventType,
    timestamp: message.createdAt.toISOString(),
    data: message.payload ?? {},
  });
}
