// RFC 9457 problem+json responses: every error a REST client can cause, never a stack trace.
import type { ServerResponse } from "node:http";
import type { Problem } from "@herald/schema";

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: { path: string; message: string }[],
  ) {
    super(detail ?? title);
  }

  toJSON(): Problem {
    return {
      type: `https://herald.dev/problems/${this.code}`,
      title: this.title,
      status: this.status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const problems = {
  badRequest: (detail: string, errors?: { path: string; message: string }[]) =>
    new ProblemError(400, "invalid_request", "The request is invalid", detail, errors),
  unauthorized: (detail = "a valid API key is required") =>
    new ProblemError(401, "unauthorized", "Unauthorized", detail),
  forbidden: (detail = "this key is not allowed to do that") =>
    new ProblemError(403, "forbidden", "Forbidden", detail),
  notFound: (detail = "not found") => new ProblemError(404, "not_found", "Not found", detail),
  conflict: (detail: string) => new ProblemError(409, "conflict", "Conflict", detail),
  tooLarge: (detail: string) =>
    new ProblemError(413, "payload_too_large", "Payload too large", detail),
  unsupportedMediaType: () =>
    new ProblemError(
      415,
      "unsupported_media_type",
      "Unsupported media type",
      "send application/json",
    ),
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendProblem(res: ServerResponse, problem: ProblemError) {
  const text = JSON.stringify(problem.toJSON());
  res.writeHead(problem.status, {
    "content-type": "application/problem+json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
