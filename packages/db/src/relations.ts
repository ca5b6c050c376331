// Relations for drizzle's relational queries and the Pothos drizzle plugin.
import { defineRelations } from "drizzle-orm";
import * as schema from "./schema.js";

export const relations = defineRelations(schema, (r) => ({
  tenants: {
    endpoints: r.many.endpoints(),
    agents: r.many.agents(),
  },
  agents: {
    tenant: r.one.tenants({ from: r.agents.tenantId, to: r.tenants.id, optional: false }),
    endpoints: r.many.endpoints(),
    runs: r.many.runs(),
    triggers: r.many.triggers(),
  },
  apiKeys: {
    agent: r.one.agents({ from: r.apiKeys.agentId, to: r.agents.id }),
  },
  endpoints: {
    tenant: r.one.tenants({ from: r.endpoints.tenantId, to: r.tenants.id, optional: false }),
    agent: r.one.agents({ from: r.endpoints.agentId, to: r.agents.id }),
    deliveries: r.many.deliveries(),
  },
  runs: {
    agent: r.one.agents({ from: r.runs.agentId, to: r.agents.id }),
  },
  messages: {
    deliveries: r.many.deliveries(),
  },
  deliveries: {
    message: r.one.messages({ from: r.deliveries.messageId, to: r.messages.id, optional: false }),
    endpoint: r.one.endpoints({ from: r.deliveries.endpointId, to: r.endpoints.id }),
    attemptLog: r.many.attempts(),
  },
  attempts: {
    delivery: r.one.deliveries({
      from: r.attempts.deliveryId,
      to: r.deliveries.id,
      optional: false,
    }),
  },
  triggers: {
    agent: r.one.agents({ from: r.triggers.agentId, to: r.agents.id, optional: false }),
  },
}));
