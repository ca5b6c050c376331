// The REST data plane under /v1.
import type { Route } from "../http/server.js";

export const restRoutes: Route[] = [];
