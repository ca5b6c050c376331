// The run object: what the REST API returns and what run events carry as `data.run`.
import { z } from "zod";

export const RUN_STATUSES = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "cancelled",
  "timed_out",
] as const;
export const RunStatus = z.enum(RUN_STATUSES).meta({ id: "RunStatus" });
export type RunStatus = z.infer<typeof RunStatus>;

export const TERMINAL_RUN_STATUSES = ["succeeded", "failed", "cancelled", "timed_out"] as const;
export const TerminalRunStatus = z.enum(TERMINAL_RUN_STATUSES).meta({ id: "TerminalRunStatus" });
export type TerminalRunStatus = z.infer<typeof TerminalRunStatus>;

export const RunError = z
  .object({
    message: z.string().max(4096),
    code: z.string().max(200).nullable().optional(),
  })
  .meta({ id: "RunError" });
export type RunError = z.infer<typeof RunError>;

export const WEBHOOK_DELIVERY_STATES = ["none", "pending", "delivered", "failed"] as const;
export const RunWebhookStatus = z
  .object({
    state: z.enum(WEBHOOK_DELIVERY_STATES),
    webhookFailureReason: z.string().nullable(),
  })
  .meta({ id: "RunWebhookStatus" });

export const Run = z
  .object({
    id: z.string().regex(/^run_/),
    agentId: z.string().nullable(),
    workflowId: z.string().nullable(),
    status: RunStatus,
    input: z.unknown(),
    output: z.unknown().nullable(),
    error: RunError.nullable(),
    metadata: z.record(z.string(), z.unknown()),
    sensitiveInputKeys: z.array(z.string()),
    webhookUrl: z.string().nullable(),
    webhook: RunWebhookStatus,
    createdAt: z.iso.datetime(),
    queuedAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Run" });
export type Run = z.infer<typeof Run>;
