// Finds or starts the database a Herald process uses and migrates it: DATABASE_URL when
// given, else an embedded PostgreSQL under the data dir, whose admin and master keys are
// generated once and kept there (mode 0600).
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded.js";
import { appDatabaseUrl, migrate } from "./migrate.js";
import { API_KEY_PREFIX, generateMasterKey } from "./secrets.js";

export interface BootstrapOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  adminKey?: string | undefined;
  masterKey?: string | undefined;
  /** Run migrations (the API and `npm start` do; a scaled-out worker may skip). */
  migrate?: boolean;
  log?: (event: string, fields?: Record<string, unknown>) => void;
}

export interface Bootstrapped {
  ownerUrl: string;
  appUrl: string;
  masterKey: string;
  adminKey: string | undefined;
  embedded: boolean;
  /** True when this start generated the admin key (so it is worth printing). */
  keysCreated: boolean;
  stop(): Promise<void>;
}

export class BootstrapError extends Error {
  override name = "BootstrapError";
}

interface KeyFile {
  adminKey: string;
  masterKey: string;
  dbPassword: string;
}

async function loadOrCreateKeys(dataDir: string): Promise<{ keys: KeyFile; created: boolean }> {
  const file = path.join(dataDir, "keys.json");
  if (existsSync(file)) {
    return { keys: JSON.parse(await readFile(file, "utf8")) as KeyFile, created: false };
  }
  const keys: KeyFile = {
    adminKey: `${API_KEY_PREFIX}admin_${randomBytes(32).toString("base64url")}`,
    masterKey: generateMasterKey(),
    dbPassword: randomBytes(18).toString("base64url"),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { keys, created: true };
}

export async function bootstrap(options: BootstrapOptions): Promise<Bootstrapped> {
  const log = options.log ?? (() => {});
  let ownerUrl = options.databaseUrl;
  let masterKey = options.masterKey;
  let adminKey = options.adminKey;
  let keysCreated = false;
  let stop = async () => {};
  const embedded = !ownerUrl;
  if (!ownerUrl) {
    const dataDir = path.resolve(options.dataDir);
    const { keys, created } = await loadOrCreateKeys(dataDir);
    keysCreated = created;
    masterKey ??= keys.masterKey;
    adminKey ??= keys.adminKey;
    log("embedded_postgres.starting", { dataDir });
    const db = await startEmbeddedPostgres({ dataDir, password: keys.dbPassword });
    log("embedded_postgres.started", { port: db.port });
    ownerUrl = db.url;
    stop = db.stop;
  }
  if (!masterKey) {
    throw new BootstrapError(
      "HERALD_MASTER_KEY is required when DATABASE_URL is set (32 bytes of base64; it encrypts signing secrets at rest)",
    );
  }
  try {
    if (options.migrate !== false) await migrate({ ownerUrl, masterKey });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ownerUrl,
    appUrl: appDatabaseUrl(ownerUrl, masterKey),
    masterKey,
    adminKey,
    embedded,
    keysCreated,
    stop,
  };
}
