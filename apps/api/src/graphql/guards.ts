// Who may do what: tenant keys manage their tenant; agent keys only their own agent's things.
import type { Context } from "../context.js";
import { ForbiddenError } from "./errors.js";

export function callerTenant(ctx: Context): string {
  if (ctx.auth.kind === "tenant" || ctx.auth.kind === "agent") return ctx.auth.tenantId;
  throw new ForbiddenError("an API key of a tenant is required");
}

/** Tenant-wide operations: an agent key is refused with a typed error. */
export function requireTenantKey(ctx: Context): string {
  if (ctx.auth.kind === "tenant") return ctx.auth.tenantId;
  throw new ForbiddenError(
    ctx.auth.kind === "agent"
      ? "agent keys may only manage their own agent's webhooks and runs"
      : "an API key of a tenant is required",
  );
}

/** The agent an agent key is bound to, or undefined for a tenant key. */
export function callerAgent(ctx: Context): string | undefined {
  return ctx.auth.kind === "agent" ? ctx.auth.agentId : undefined;
}
