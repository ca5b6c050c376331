// Inbound triggers: an outside system POSTs to /v1/triggers/{id} to start a run of an agent.
// Guarded by the trigger's signature and source allowlist, not by an API key; every refusal
// looks the same, so a caller learns nothing about which check failed.
import { tables } from "@herald/db";
import { eq, sql } from "drizzle-orm";
import { createRun, toRun } from "../domain/runs.js";
import { clientAddress, sourceAllowed } from "../domain/source-allowlist.js";
import {
  requestId,
  TRIGGER_TOLERANCE_SECONDS,
  verifyTriggerSignature,
} from "../domain/trigger-signature.js";
import { MAX_BODY_BYTES } from "../http/body.js";
import { ProblemError, problems, sendJson } from "../http/problem.js";
import type { Route, RouteContext } from "../http/server.js";
import { inTenant, parseJson } from "./auth.js";

type TriggerRow = typeof tables.triggers.$inferSelect;

const refused = () =>
  new ProblemError(
    401,
    "unauthorized",
    "Unauthorized",
    "the trigger request could not be authenticated",
  );

export function triggerUrl(publicUrl: string, id: string) {
  return `${publicUrl}/v1/triggers/${id}`;
}

async function loadTrigger(ctx: RouteContext, id: string): Promise<TriggerRow | undefined> {
  if (!/^trg_[0-9A-Z]{26}$/.test(id)) return undefined;
  return ctx.services.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.trigger_id', ${id}, true)`);
    const [row] = await tx.select().from(tables.triggers).where(eq(tables.triggers.id, id));
    return row;
  });
}

export function triggerSecrets(ctx: RouteContext, trigger: TriggerRow): string[] {
  const { keyring } = ctx.services;
  const secrets = [keyring.open(trigger.secret, trigger.secretKeyId)];
  if (
    trigger.previousSecret &&
    trigger.previousSecretKeyId &&
    trigger.previousSecretExpiresAt &&
    trigger.previousSecretExpiresAt > new Date()
  ) {
    secrets.push(keyring.open(trigger.previousSecret, trigger.previousSecretKeyId));
  }
  return secrets;
}

export const triggerRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/triggers/{id}",
    async handler(ctx) {
      // Counted as it arrives: a chunked body past 1 MiB is cut off with a 413.
      const body = await ctx.body(MAX_BODY_BYTES);
      const trigger = await loadTrigger(ctx, ctx.params.id!);
      if (!trigger || !trigger.enabled) throw refused();
      const forwarded = ctx.req.headers["x-forwarded-for"];
      const ip = clientAddress(
        ctx.req.socket.remoteAddress,
        Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
        ctx.services.config.trustedProxies,
      );
      if (!(await sourceAllowed(ip, trigger.allowedSources))) {
        ctx.services.log.warn("trigger.refused", { triggerId: trigger.id, reason: "source" });
        throw refused();
      }
      if (
        trigger.requireSignature &&
        !verifyTriggerSignature(body, ctx.req.headers, triggerSecrets(ctx, trigger))
      ) {
        ctx.services.log.warn("trigger.refused", { triggerId: trigger.id, reason: "signature" });
        throw refused();
      }
      const input = body.length > 0 ? parseJson(body) : null;
      const { run, created } = await inTenant(ctx, trigger.tenantId, (tx) =>
        createRun(tx, ctx.services.keyring, {
          tenantId: trigger.tenantId,
          agentId: trigger.agentId,
          input,
          triggerId: trigger.id,
          triggerRequestId: requestId(ctx.req.headers) ?? null,
        }),
      );
      ctx.services.log.info("trigger.accepted", {
        tenantId: trigger.tenantId,
        triggerId: trigger.id,
        runId: run.id,
        created,
      });
      sendJson(ctx.res, 202, { runId: run.id, status: toRun(run).status });
    },
  },
  {
    method: "GET",
    path: "/v1/triggers/{id}",
    async handler(ctx) {
      const trigger = await loadTrigger(ctx, ctx.params.id!);
      if (!trigger) throw problems.notFound("trigger not found");
      sendJson(ctx.res, 200, {
        id: trigger.id,
        url: triggerUrl(ctx.services.publicUrl, trigger.id),
        agentId: trigger.agentId,
        enabled: trigger.enabled,
        signatureScheme: "standard-webhooks",
        requireSignature: trigger.requireSignature,
        allowedSources: trigger.allowedSources,
        toleranceSeconds: TRIGGER_TOLERANCE_SECONDS,
      });
    },
  },
];
