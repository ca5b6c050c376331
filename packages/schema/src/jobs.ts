// Payloads of graphile-worker jobs: parsed when enqueued and again when a task runs.
import { z } from "zod";

export const FanoutJob = z.object({ tenantId: z.string(), messageId: z.string() });
export type FanoutJob = z.infer<typeof FanoutJob>;

export const DeliverJob = z.object({ tenantId: z.string(), deliveryId: z.string() });
export type DeliverJob = z.infer<typeof DeliverJob>;

export const JOB_NAMES = {
  fanout: "fanout",
  deliver: "deliver",
  housekeeping: "housekeeping",
} as const;
