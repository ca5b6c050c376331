// POST /v1/webhooks/test: send a test event now and report what the receiver answered.
import { type Keyring, tables } from "@herald/db";
import { WebhookTestBody } from "@herald/schema";
import { and, eq } from "drizzle-orm";
import { checkDestinationUrl } from "../domain/endpoint-input.js";
import { activeSecrets } from "../domain/endpoint-secrets.js";
import { sendNow } from "../domain/send-now.js";
import { problems, sendJson } from "../http/problem.js";
import type { Route } from "../http/server.js";
import { inTenant, jsonBody, requireMember, zodProblems } from "./auth.js";

export async function tenantRunSecret(
  tx: Parameters<Parameters<typeof inTenant>[2]>[0],
  keyring: Keyring,
  tenantId: string,
) {
  const [tenant] = await tx
    .select({
      secret: tables.tenants.runWebhookSecret,
      keyId: tables.tenants.runWebhookSecretKeyId,
    })
    .from(tables.tenants)
    .where(eq(tables.tenants.id, tenantId));
  if (!tenant) throw problems.notFound("tenant not found");
  return keyring.open(tenant.secret, tenant.keyId);
}

export const webhookRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/webhooks/test",
    async handler(ctx) {
      const auth = await requireMember(ctx);
      if (auth.kind !== "tenant") throw problems.forbidden("agent keys cannot send test events");
      const parsed = WebhookTestBody.safeParse(await jsonBody(ctx));
      if (!parsed.success)
        throw problems.badRequest("send {url} or {endpointId}", zodProblems(parsed.error.issues));
      const body = parsed.data;
      const { keyring } = ctx.services;
      const target = await inTenant(ctx, auth.tenantId, async (tx) => {
        if ("endpointId" in body) {
          const [endpoint] = await tx
            .select()
            .from(tables.endpoints)
            .where(
              and(
                eq(tables.endpoints.tenantId, auth.tenantId),
                eq(tables.endpoints.id, body.endpointId),
              ),
            );
          if (!endpoint) throw problems.notFound(`endpoint ${body.endpointId} was not found`);
          const secrets = (await activeSecrets(tx, keyring, endpoint.id)).map((s) => s.secret);
          return { endpoint, url: endpoint.url, secrets };
        }
        const problem = checkDestinationUrl(body.url, ctx.services.allowPrivate);
        if (problem) throw problems.badRequest(problem, [{ path: "/url", message: problem }]);
        return {
          endpoint: undefined,
          url: body.url,
          secrets: [await tenantRunSecret(tx, keyring, auth.tenantId)],
        };
      });
      const report = await sendNow(ctx.services, {
        url: target.url,
        secrets: target.secrets,
        type: "webhook.test",
        data: {
          message: "This is a test event from Herald.",
          endpointId: target.endpoint?.id ?? null,
        },
        ...(target.endpoint
          ? {
              scheme: target.endpoint.signatureScheme,
              signatureHeader: target.endpoint.signatureHeader,
              headers: target.endpoint.headers,
              timeoutMs: target.endpoint.timeoutMs,
            }
          : {}),
      });
      sendJson(ctx.res, 200, report);
    },
  },
];
