// Bodies of the REST data plane (`/v1`): requests, responses and problem+json errors.
import { z } from "zod";
import { Run, TerminalRunStatus } from "./run.js";

const JsonObject = z.record(z.string(), z.unknown());
const ChannelName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/);

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof Problem>;

export const PublishEventBody = z
  .object({
    type: z.string().min(1).max(128),
    data: JsonObject,
    channels: z.array(ChannelName).max(10).optional(),
  })
  .meta({ id: "PublishEventBody" });
export type PublishEventBody = z.infer<typeof PublishEventBody>;

export const MessageResponse = z
  .object({
    id: z.string(),
    type: z.string(),
    channels: z.array(z.string()),
    timestamp: z.iso.datetime(),
    idempotencyKey: z.string().nullable(),
  })
  .meta({ id: "Message" });
export type MessageResponse = z.infer<typeof MessageResponse>;

export const CreateRunBody = z
  .object({
    agentId: z.string().optional(),
    workflowId: z.string().max(200).optional(),
    input: z.unknown().optional(),
    sensitiveInput: z.record(z.string(), z.unknown()).optional(),
    webhookUrl: z.url().max(2048).optional(),
    metadata: JsonObject.optional(),
  })
  .meta({ id: "CreateRunBody" });
export type CreateRunBody = z.infer<typeof CreateRunBody>;

export const CompleteRunBody = z
  .object({
    status: TerminalRunStatus,
    output: z.unknown().optional(),
    error: z
      .object({ message: z.string().max(4096), code: z.string().max(200).optional() })
      .optional(),
  })
  .meta({ id: "CompleteRunBody" });
export type CompleteRunBody = z.infer<typeof CompleteRunBody>;

export const RunList = z
  .object({ data: z.array(Run), nextCursor: z.string().nullable() })
  .meta({ id: "RunList" });

export const ReplayRunWebhookBody = z
  .object({ overrideWebhookUrl: z.url().max(2048).optional() })
  .meta({ id: "ReplayRunWebhookBody" });

export const WebhookTestBody = z
  .union([
    z.object({ url: z.url().max(2048) }).strict(),
    z.object({ endpointId: z.string() }).strict(),
  ])
  .meta({ id: "WebhookTestBody" });
export type WebhookTestBody = z.infer<typeof WebhookTestBody>;

/** What a synchronous send (test event, run webhook replay) reports about the receiver. */
export const SendReport = z
  .object({
    statusCode: z.number().int().nullable(),
    latencyMs: z.number().int(),
    responseBody: z.string().nullable(),
    error: z.string().nullable(),
    success: z.boolean(),
  })
  .meta({ id: "SendReport" });
export type SendReport = z.infer<typeof SendReport>;

export const TriggerAccepted = z
  .object({ runId: z.string(), status: z.string() })
  .meta({ id: "TriggerAccepted" });

export const TriggerInfo = z
  .object({
    id: z.string(),
    url: z.string(),
    agentId: z.string(),
    enabled: z.boolean(),
    signatureScheme: z.literal("standard-webhooks"),
    requireSignature: z.boolean(),
    allowedSources: z.array(z.string()),
    toleranceSeconds: z.number().int(),
  })
  .meta({ id: "TriggerInfo" });
