// Agent runs: creation, the state machine, and the run events each transition publishes in
// the same transaction. Sensitive input is sealed at rest, never leaves as a value (payloads
// carry only its key names), and is erased when the run finishes.
import { type Executor, type Keyring, newId, tables } from "@herald/db";
import type { Run, RunStatus, TerminalRunStatus } from "@herald/schema";
import { publishMessage } from "@herald/worker";
import { and, eq, inArray } from "drizzle-orm";

export type RunRow = typeof tables.runs.$inferSelect;

export class RunError extends Error {
  constructor(
    readonly code: "not_found" | "conflict" | "forbidden" | "invalid",
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

export function toRun(row: RunRow): Run {
  return {
    id: row.id,
    agentId: row.agentId,
    workflowId: row.workflowId,
    status: row.status,
    input: row.input ?? null,
    output: row.output ?? null,
    error: row.error ?? null,
    metadata: row.metadata,
    sensitiveInputKeys: row.sensitiveInputKeys,
    webhookUrl: row.webhookUrl,
    webhook: { state: row.webhookState, webhookFailureReason: row.webhookFailureReason },
    createdAt: row.createdAt.toISOString(),
    queuedAt: row.queuedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

async function emit(
  tx: Executor,
  type: "run.created" | "run.started" | "run.completed",
  row: RunRow,
) {
  return publishMessage(tx, {
    tenantId: row.tenantId,
    type,
    data: { run: toRun(row) },
    runId: row.id,
    agentId: row.agentId,
  });
}

export interface CreateRunInput {
  tenantId: string;
  agentId?: string | null | undefined;
  workflowId?: string | null | undefined;
  input?: unknown;
  sensitiveInput?: Record<string, unknown> | undefined;
  webhookUrl?: string | null | undefined;
  metadata?: Record<string, unknown> | undefined;
  triggerId?: string;
  triggerRequestId?: string | null;
}

export async function createRun(
  tx: Executor,
  keyring: Keyring,
  input: CreateRunInput,
): Promise<{ run: RunRow; created: boolean }> {
  if (input.agentId) {
    const [agent] = await tx
      .select({ id: tables.agents.id })
      .from(tables.agents)
      .where(and(eq(tables.agents.tenantId, input.tenantId), eq(tables.agents.id, input.agentId)));
    if (!agent) throw new RunError("invalid", `agent ${input.agentId} does not exist`, "/agentId");
  }
  const sensitive =
    input.sensitiveInput && Object.keys(input.sensitiveInput).length > 0
      ? keyring.seal(JSON.stringify(input.sensitiveInput))
      : undefined;
  const [run] = await tx
    .insert(tables.runs)
    .values({
      id: newId("run"),
      tenantId: input.tenantId,
      agentId: input.agentId ?? null,
      workflowId: input.workflowId ?? null,
      status: "queued",
      input: input.input ?? null,
      metadata: input.metadata ?? {},
      sensitiveInput: sensitive?.ciphertext ?? null,
      sensitiveInputKeyId: sensitive?.keyId ?? null,
      sensitiveInputKeys: Object.keys(input.sensitiveInput ?? {}),
      webhookUrl: input.webhookUrl ?? null,
      triggerId: input.triggerId ?? null,
      triggerRequestId: input.triggerRequestId ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!run) {
    // The same trigger request (webhook-id) again: the first run stands.
    const [first] = await tx
      .select()
      .from(tables.runs)
      .where(
        and(
          eq(tables.runs.triggerId, input.triggerId ?? ""),
          eq(tables.runs.triggerRequestId, input.triggerRequestId ?? ""),
        ),
      );
    if (!first) throw new Error("run conflict without a run");
    return { run: first, created: false };
  }
  await emit(tx, "run.created", run);
  return { run, created: true };
}

/** Loads a run the caller may act on; an agent key sees only its agent's runs. */
export async function findRun(tx: Executor, tenantId: string, id: string, agentId?: string) {
  const [run] = await tx
    .select()
    .from(tables.runs)
    .where(and(eq(tables.runs.tenantId, tenantId), eq(tables.runs.id, id)));
  if (!run || (agentId && run.agentId !== agentId))
    throw new RunError("not_found", `run ${id} was not found`);
  return run;
}

async function transition(
  tx: Executor,
  run: RunRow,
  from: RunStatus[],
  set: Partial<typeof tables.runs.$inferInsert>,
) {
  const [updated] = await tx
    .update(tables.runs)
    .set(set)
    .where(and(eq(tables.runs.id, run.id), inArray(tables.runs.status, from)))
    .returning();
  if (!updated) {
    throw new RunError(
      "conflict",
      `run ${run.id} is ${run.status}; it cannot become ${set.status}`,
    );
  }
  return updated;
}

export async function startRun(tx: Executor, run: RunRow) {
  const updated = await transition(tx, run, ["queued"], {
    status: "running",
    startedAt: new Date(),
  });
  await emit(tx, "run.started", updated);
  return updated;
}

export async function completeRun(
  tx: Executor,
  run: RunRow,
  input: {
    status: TerminalRunStatus;
    output?: unknown;
    error?: { message: string; code?: string | undefined };
  },
) {
  const updated = await transition(tx, run, ["queued", "running"], {
    status: input.status,
    output: input.output ?? null,
    error: input.error ? { message: input.error.message, code: input.error.code ?? null } : null,
    finishedAt: new Date(),
    // A finished run has no further use for its secrets.
    sensitiveInput: null,
    sensitiveInputKeyId: null,
  });
  await emit(tx, "run.completed", updated);
  return updated;
}
