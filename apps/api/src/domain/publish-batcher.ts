// Publishing through REST under load: concurrent publishes of one tenant share one statement
// (`herald_publish`), so N messages cost one round trip and one add_jobs instead of N.
import type { Executor } from "@herald/db";
import { TenantBatcher } from "@herald/worker";
import { sql } from "drizzle-orm";

export interface MessageToPublish {
  id: string;
  type: string;
  data: unknown;
  channels: string[];
  idempotencyKey: string | null;
}

export interface PublishedRow {
  created: boolean;
  id: string;
  eventType: string;
  channels: string[];
  createdAt: string;
  idempotencyKey: string | null;
}

export interface PublishBatcherOptions {
  /** A message for more endpoints than this is fanned out by the worker, not inline. */
  inlineMax?: number;
}

export class PublishBatcher {
  private readonly batcher: TenantBatcher<MessageToPublish, PublishedRow>;

  constructor(db: Executor, options: PublishBatcherOptions = {}) {
    const inlineMax = options.inlineMax ?? 100;
    this.batcher = new TenantBatcher(
      async (tenantId, messages) => {
        const rows = await db.execute<{ r: PublishedRow[] }>(
          sql`select herald_publish(${tenantId}, ${JSON.stringify(messages)}::text::json, ${inlineMax}) as r`,
        );
        return rows[0]?.r ?? [];
      },
      { maxBatch: 200, maxInFlight: 2 },
    );
  }

  publish(tenantId: string, message: MessageToPublish): Promise<PublishedRow> {
    return this.batcher.submit(tenantId, message);
  }
}
