// Synchronous sends that report the receiver's answer: test events and run webhook replays.
// They use the same signing, SSRF guard and sender as queued deliveries.
import { newId } from "@herald/db";
import type { SendReport } from "@herald/schema";
import { buildWebhookHeaders, messageBody, type SignatureScheme, USER_AGENT } from "@herald/worker";
import type { Services } from "../context.js";

export interface SendNowInput {
  url: string;
  secrets: string[];
  type: string;
  data: Record<string, unknown>;
  messageId?: string;
  createdAt?: Date;
  scheme?: SignatureScheme;
  signatureHeader?: string | null;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export async function sendNow(services: Services, input: SendNowInput): Promise<SendReport> {
  const message = {
    id: input.messageId ?? newId("message"),
    eventType: input.type,
    createdAt: input.createdAt ?? new Date(),
    payload: input.data,
  };
  const body = messageBody(message);
  const headers = buildWebhookHeaders({
    msgId: message.id,
    timestamp: Math.floor(Date.now() / 1000),
    body,
    secrets: input.secrets,
    scheme: input.scheme ?? "STANDARD",
    ...(input.signatureHeader ? { hexHeaderName: input.signatureHeader } : {}),
    customHeaders: input.headers ?? {},
    userAgent: USER_AGENT,
  });
  const result = await services.sender.send({
    url: input.url,
    headers,
    body,
    timeoutMs: input.timeoutMs ?? 15_000,
  });
  return {
    statusCode: result.statusCode,
    latencyMs: Math.round(result.durationMs),
    responseBody: result.statusCode === null ? null : result.responseBody,
    error: result.ok ? null : (result.error ?? result.errorCode),
    success: result.ok,
  };
}
