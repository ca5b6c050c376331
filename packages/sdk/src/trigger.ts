// For systems that call a Herald inbound trigger: sign the request the way the trigger checks.
import { randomUUID } from "node:crypto";
import { sign } from "./webhook.js";

export interface SignedTriggerRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * Signs a trigger request (Standard Webhooks). Reuse `id` when retrying: Herald creates one
 * run per `webhook-id` within 24 hours.
 */
export function signTriggerRequest(
  secret: string,
  body: string | Record<string, unknown>,
  options: { id?: string; timestamp?: Date } = {},
): SignedTriggerRequest {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const id = options.id ?? `msg_${randomUUID().replaceAll("-", "")}`;
  const timestamp = Math.floor((options.timestamp ?? new Date()).getTime() / 1000);
  return {
    body: text,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": sign(secret, id, timestamp, text),
    },
  };
}

/** POSTs a signed request to a trigger URL and returns the queued run. */
export async function fireTrigger(
  url: string,
  secret: string,
  body: string | Record<string, unknown>,
  options: { id?: string; fetch?: typeof fetch } = {},
): Promise<{ runId: string; status: string }> {
  const signed = signTriggerRequest(secret, body, options);
  const response = await (options.fetch ?? fetch)(url, {
    method: "POST",
    headers: signed.headers,
    body: signed.body,
  });
  if (response.status !== 202)
    throw new Error(`trigger refused the request: HTTP ${response.status}`);
  return (await response.json()) as { runId: string; status: string };
}
