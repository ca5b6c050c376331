// Builds a running Herald API from configuration: database, services, HTTP server.
import { bootstrap, connect, Keyring } from "@herald/db";
import {
  createDestinationGuard,
  createLogger,
  createSender,
  type Logger,
  USER_AGENT,
} from "@herald/worker";
import type { ApiConfig } from "./config.js";
import type { Services } from "./context.js";
import { PublishBatcher } from "./domain/publish-batcher.js";
import { type ApiServer, createApiServer } from "./http/server.js";
import { restRoutes } from "./rest/index.js";

export interface ApiHandle {
  services: Services;
  http: ApiServer;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Loopback is reachable by default only in a local (embedded-database) setup. */
export function allowPrivateDefault(config: ApiConfig, embedded: boolean): string[] {
  return config.worker.allowPrivateDestinations ?? (embedded ? ["127.0.0.0/8", "::1/128"] : []);
}

export async function startApi(
  config: ApiConfig,
  db: { appUrl: string; masterKey: string; adminKey: string | undefined; embedded: boolean },
  log: Logger = createLogger({ level: config.worker.logLevel, base: { service: "api" } }),
): Promise<ApiHandle> {
  const handle = connect(db.appUrl, { max: 20, applicationName: "herald-api" });
  const allowPrivate = allowPrivateDefault(config, db.embedded);
  const sender = createSender({
    guard: createDestinationGuard({ allowPrivate }),
    userAgent: USER_AGENT,
  });
  const services: Services = {
    db: handle.db,
    keyring: Keyring.from(db.masterKey),
    config,
    log,
    adminKey: db.adminKey,
    allowPrivate,
    sender,
    publisher: new PublishBatcher(handle.db),
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
  };
  const http = createApiServer(services, restRoutes);
  const port = await http.listen(config.port, config.host);
  if (!config.publicUrl) services.publicUrl = `http://localhost:${port}`;
  log.info("api.listening", { port, graphql: `${services.publicUrl}/graphql` });
  return {
    services,
    http,
    port,
    url: services.publicUrl,
    async stop() {
      await http.close();
      await sender.close();
      await handle.close();
      log.info("api.stopped");
    },
  };
}

export { bootstrap };
