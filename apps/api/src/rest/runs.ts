// /v1/runs: create, read, list, start, complete, and replay a run's webhook.
import { tables } from "@herald/db";
import {
  CompleteRunBody,
  CreateRunBody,
  ReplayRunWebhookBody,
  RUN_STATUSES,
  type RunStatus,
} from "@herald/schema";
import { and, desc, eq, lt } from "drizzle-orm";
import { checkDestinationUrl } from "../domain/endpoint-input.js";
import { completeRun, createRun, findRun, RunError, startRun, toRun } from "../domain/runs.js";
import { sendNow } from "../domain/send-now.js";
import { ProblemError, problems, sendJson } from "../http/problem.js";
import type { Route, RouteContext } from "../http/server.js";
import { inTenant, jsonBody, type MemberAuth, requireMember, zodProblems } from "./auth.js";
import { tenantRunSecret } from "./webhooks.js";

function asProblem(error: unknown): never {
  if (error instanceof RunError) {
    if (error.code === "not_found") throw problems.notFound(error.message);
    if (error.code === "conflict") throw problems.conflict(error.message);
    if (error.code === "forbidden") throw problems.forbidden(error.message);
    throw problems.badRequest(
      error.message,
      error.path ? [{ path: error.path, message: error.message }] : undefined,
    );
  }
  throw error;
}

const agentOf = (auth: MemberAuth) => (auth.kind === "agent" ? auth.agentId : undefined);

async function withRun<T>(
  ctx: RouteContext,
  fn: (
    auth: MemberAuth,
    tx: Parameters<Parameters<typeof inTenant>[2]>[0],
    run: Awaited<ReturnType<typeof findRun>>,
  ) => Promise<T>,
) {
  const auth = await requireMember(ctx);
  try {
    return await inTenant(ctx, auth.tenantId, async (tx) => {
      const run = await findRun(tx, auth.tenantId, ctx.params.id!, agentOf(auth));
      return fn(auth, tx, run);
    });
  } catch (error) {
    asProblem(error);
  }
}

export const runRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/runs",
    async handler(ctx) {
      const auth = await requireMember(ctx);
      const parsed = CreateRunBody.safeParse(await jsonBody(ctx));
      if (!parsed.success)
        throw problems.badRequest("the body is not a valid run", zodProblems(parsed.error.issues));
      const body = parsed.data;
      let agentId = body.agentId;
      if (auth.kind === "agent") {
        if (agentId && agentId !== auth.agentId)
          throw problems.forbidden("an agent key creates runs only for its own agent");
        agentId = auth.agentId;
      }
      if (body.webhookUrl) {
        const problem = checkDestinationUrl(body.webhookUrl, ctx.services.allowPrivate);
        if (problem)
          throw problems.badRequest(problem, [{ path: "/webhookUrl", message: problem }]);
      }
      try {
        const { run } = await inTenant(ctx, auth.tenantId, (tx) =>
          createRun(tx, ctx.services.keyring, {
            tenantId: auth.tenantId,
            agentId,
            workflowId: body.workflowId,
            input: body.input,
            sensitiveInput: body.sensitiveInput,
            webhookUrl: body.webhookUrl,
            metadata: body.metadata,
          }),
        );
        ctx.services.log.info("run.created", {
          tenantId: auth.tenantId,
          runId: run.id,
          agentId: run.agentId,
        });
        sendJson(ctx.res, 201, toRun(run), { location: `/v1/runs/${run.id}` });
      } catch (error) {
        asProblem(error);
      }
    },
  },
  {
    method: "GET",
    path: "/v1/runs",
    async handler(ctx) {
      const auth = await requireMember(ctx);
      const q = ctx.url.searchParams;
      const status = q.get("status");
      if (status && !RUN_STATUSES.includes(status as RunStatus)) {
        throw problems.badRequest(`status must be one of ${RUN_STATUSES.join(", ")}`);
      }
      const limit = Math.min(Math.max(Number(q.get("limit") ?? 50) || 50, 1), 200);
      const cursor = q.get("cursor");
      const agentId = auth.kind === "agent" ? auth.agentId : q.get("agentId");
      const rows = await inTenant(ctx, auth.tenantId, (tx) =>
        tx
          .select()
          .from(tables.runs)
          .where(
            and(
              eq(tables.runs.tenantId, auth.tenantId),
              status ? eq(tables.runs.status, status as RunStatus) : undefined,
              agentId ? eq(tables.runs.agentId, agentId) : undefined,
              cursor ? lt(tables.runs.id, cursor) : undefined,
            ),
          )
          .orderBy(desc(tables.runs.id))
          .limit(limit + 1),
      );
      const page = rows.slice(0, limit);
      sendJson(ctx.res, 200, {
        data: page.map(toRun),
        nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
      });
    },
  },
  {
    method: "GET",
    path: "/v1/runs/{id}",
    async handler(ctx) {
      const run = await withRun(ctx, async (_auth, _tx, run) => run);
      sendJson(ctx.res, 200, toRun(run));
    },
  },
  {
    method: "POST",
    path: "/v1/runs/{id}/start",
    async handler(ctx) {
      const run = await withRun(ctx, (_auth, tx, run) => startRun(tx, run));
      ctx.services.log.info("run.started", { tenantId: run.tenantId, runId: run.id });
      sendJson(ctx.res, 200, toRun(run));
    },
  },
  {
    method: "POST",
    path: "/v1/runs/{id}/complete",
    async handler(ctx) {
      const parsed = CompleteRunBody.safeParse(await jsonBody(ctx));
      if (!parsed.success)
        throw problems.badRequest(
          "the body is not a valid completion",
          zodProblems(parsed.error.issues),
        );
      const run = await withRun(ctx, (_auth, tx, run) => completeRun(tx, run, parsed.data));
      ctx.services.log.info("run.completed", {
        tenantId: run.tenantId,
        runId: run.id,
        status: run.status,
      });
      sendJson(ctx.res, 200, toRun(run));
    },
  },
  {
    method: "POST",
    path: "/v1/runs/{id}/webhook/replay",
    async handler(ctx) {
      const raw =
        ctx.req.headers["content-length"] === "0" ? {} : await jsonBody(ctx).catch(() => ({}));
      const parsed = ReplayRunWebhookBody.safeParse(raw ?? {});
      if (!parsed.success)
        throw problems.badRequest("the body is invalid", zodProblems(parsed.error.issues));
      const { run, message, secret } = await withRun(ctx, async (auth, tx, run) => {
        const [message] = await tx
          .select()
          .from(tables.messages)
          .where(
            and(eq(tables.messages.tenantId, auth.tenantId), eq(tables.messages.runId, run.id)),
          )
          .orderBy(desc(tables.messages.id))
          .limit(1);
        return {
          run,
          message,
          secret: await tenantRunSecret(tx, ctx.services.keyring, auth.tenantId),
        };
      });
      const url = parsed.data.overrideWebhookUrl ?? run.webhookUrl;
      if (!url) throw problems.badRequest("the run has no webhookUrl; pass overrideWebhookUrl");
      const problem = checkDestinationUrl(url, ctx.services.allowPrivate);
      if (problem)
        throw problems.badRequest(problem, [{ path: "/overrideWebhookUrl", message: problem }]);
      if (!message?.payload)
        throw new ProblemError(
          409,
          "no_event",
          "Nothing to replay",
          "the run has no event to resend",
        );
      const report = await sendNow(ctx.services, {
        url,
        secrets: [secret],
        type: message.eventType,
        data: message.payload,
        messageId: message.id,
        createdAt: message.createdAt,
      });
      ctx.services.log.info("run.webhook_replayed", {
        tenantId: run.tenantId,
        runId: run.id,
        statusCode: report.statusCode,
      });
      sendJson(ctx.res, 200, report);
    },
  },
];
