// Errors the SDK raises: API problems (with the problem+json body) and failed verifications.
import type { components } from "./generated/openapi.js";

export type Problem = components["schemas"]["Problem"];

export class HeraldApiError extends Error {
  override name = "HeraldApiError";
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly headers: Headers,
  ) {
    super(
      problem ? `${problem.title}${problem.detail ? `: ${problem.detail}` : ""}` : `HTTP ${status}`,
    );
  }
  get code(): string | undefined {
    return this.problem?.code;
  }
}

export class HeraldGraphQLError extends Error {
  override name = "HeraldGraphQLError";
  constructor(readonly errors: { message: string; extensions?: Record<string, unknown> }[]) {
    super(errors.map((e) => e.message).join("; "));
  }
}

export type WebhookVerificationErrorCode =
  | "missing_headers"
  | "invalid_signature"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "invalid_payload"
  | "unknown_event_type";

export class WebhookVerificationError extends Error {
  override name = "WebhookVerificationError";
  constructor(
    readonly code: WebhookVerificationErrorCode,
    message: string,
  ) {
    super(message);
  }
}
