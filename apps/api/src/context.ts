// What every request carries: who is calling and the services it may use.
import type { Database, Executor, Keyring } from "@herald/db";
import type { Logger, Sender } from "@herald/worker";
import type { ApiConfig } from "./config.js";
import type { PublishBatcher } from "./domain/publish-batcher.js";

export type Auth =
  | { kind: "anonymous" }
  | { kind: "admin" }
  | { kind: "tenant"; tenantId: string; keyId: string }
  | { kind: "agent"; tenantId: string; keyId: string; agentId: string };

export interface Services {
  db: Database;
  keyring: Keyring;
  config: ApiConfig;
  log: Logger;
  adminKey: string | undefined;
  /** CIDRs deliveries may reach although private. */
  allowPrivate: string[];
  publicUrl: string;
  /** For synchronous sends (test events, run webhook replays). */
  sender: Sender;
  /** Batches concurrent REST publishes per tenant. */
  publisher: PublishBatcher;
}

export interface Context {
  services: Services;
  auth: Auth;
  /** The request's transaction, scoped to the caller's tenant (see graphql/yoga.ts). */
  db: Executor;
}

export function tenantOf(auth: Auth): string | undefined {
  return auth.kind === "tenant" || auth.kind === "agent" ? auth.tenantId : undefined;
}
