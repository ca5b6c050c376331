// The REST data plane under /v1.
import type { Route } from "../http/server.js";
import { eventRoutes } from "./events.js";
import { runRoutes } from "./runs.js";
import { triggerRoutes } from "./triggers.js";
import { webhookRoutes } from "./webhooks.js";

export const restRoutes: Route[] = [
  ...eventRoutes,
  ...runRoutes,
  ...triggerRoutes,
  ...webhookRoutes,
];
