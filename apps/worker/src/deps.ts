// What worker tasks need: the app-role database, the keyring, the HTTP sender, a logger.
import type { Database, Keyring } from "@herald/db";
import type { DeliveryStore } from "./delivery/delivery-store.js";
import type { EndpointSlots } from "./delivery/endpoint-slots.js";
import type { RateLimiter } from "./delivery/rate-limit.js";
import type { Sender } from "./delivery/send.js";
import type { Logger } from "./log.js";

export const HERALD_VERSION = "0.1.0";
export const USER_AGENT = `Herald-Webhooks/${HERALD_VERSION}`;

export interface TaskDeps {
  db: Database;
  keyring: Keyring;
  sender: Sender;
  log: Logger;
  disableAfterMs: number;
  rateLimiter: RateLimiter;
  deliveries: DeliveryStore;
  /** Requests in flight per endpoint (or one-off URL) in this worker process. */
  slots: EndpointSlots;
}
