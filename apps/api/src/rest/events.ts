// POST /v1/events: publish an event (honours Idempotency-Key).
import { PublishEventBody } from "@herald/schema";
import { PublishError, publishEventDirect } from "../domain/publish-event.js";
import { ProblemError, problems, sendJson } from "../http/problem.js";
import type { Route } from "../http/server.js";
import { jsonBody, requireMember, zodProblems } from "./auth.js";

export const eventRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/events",
    async handler(ctx) {
      const auth = await requireMember(ctx);
      if (auth.kind !== "tenant") throw problems.forbidden("agent keys cannot publish events");
      const limit = ctx.services.config.maxPayloadBytes + 64 * 1024;
      const parsed = PublishEventBody.safeParse(await jsonBody(ctx, limit));
      if (!parsed.success)
        throw problems.badRequest(
          "the body is not a valid event",
          zodProblems(parsed.error.issues),
        );
      const idempotencyKey = ctx.req.headers["idempotency-key"];
      try {
        const { message, created } = await publishEventDirect(
          ctx.services.db,
          ctx.services.publisher,
          {
            tenantId: auth.tenantId,
            type: parsed.data.type,
            data: parsed.data.data,
            channels: parsed.data.channels,
            idempotencyKey: typeof idempotencyKey === "string" ? idempotencyKey : undefined,
          },
          ctx.services.config.maxPayloadBytes,
        );
        if (created) {
          ctx.services.log.info("message.published", {
            tenantId: auth.tenantId,
            messageId: message.id,
            type: message.eventType,
          });
        }
        sendJson(
          ctx.res,
          202,
          {
            id: message.id,
            type: message.eventType,
            channels: message.channels,
            timestamp: message.createdAt.toISOString(),
            idempotencyKey: message.idempotencyKey,
          },
          created ? {} : { "idempotent-replayed": "true" },
        );
      } catch (error) {
        if (error instanceof PublishError) {
          const status =
            error.code === "payload_too_large"
              ? 413
              : error.code === "unknown_event_type"
                ? 404
                : 400;
          throw new ProblemError(
            status,
            error.code,
            "The event was not published",
            error.message,
            error.errors.length ? error.errors : undefined,
          );
        }
        throw error;
      }
    },
  },
];
