// Natural batching per tenant: concurrent calls that would each cost a statement share one.
// There is no timer: a call that finds its tenant idle goes at once, and the calls that
// arrive while statements are in flight leave together when one returns. Row-level security
// scopes a statement to one tenant, so batches never mix tenants.
interface Waiting<In, Out> {
  item: In;
  resolve(out: Out): void;
  reject(error: unknown): void;
}

export interface TenantBatcherOptions {
  /** Items per statement at most. */
  maxBatch?: number;
  /** Statements in flight per tenant at most. */
  maxInFlight?: number;
}

export class TenantBatcher<In, Out> {
  private readonly tenants = new Map<string, { queue: Waiting<In, Out>[]; inFlight: number }>();
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  /** `run` returns one result per item, in order. */
  constructor(
    private readonly run: (tenantId: string, items: In[]) => Promise<Out[]>,
    options: TenantBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 100;
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  submit(tenantId: string, item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      let tenant = this.tenants.get(tenantId);
      if (!tenant) {
        tenant = { queue: [], inFlight: 0 };
        this.tenants.set(tenantId, tenant);
      }
      tenant.queue.push({ item, resolve, reject });
      this.pump(tenantId, tenant);
    });
  }

  private pump(tenantId: string, tenant: { queue: Waiting<In, Out>[]; inFlight: number }) {
    while (tenant.inFlight < this.maxInFlight && tenant.queue.length > 0) {
      const batch = tenant.queue.splice(0, this.maxBatch);
      tenant.inFlight++;
      void this.flush(tenantId, batch).finally(() => {
        tenant.inFlight--;
        if (tenant.queue.length > 0) this.pump(tenantId, tenant);
        else if (tenant.inFlight === 0) this.tenants.delete(tenantId);
      });
    }
  }

  private async flush(tenantId: string, batch: Waiting<In, Out>[]) {
    try {
      const outs = await this.run(
        tenantId,
        batch.map((w) => w.item),
      );
      if (outs.length !== batch.length)
        throw new Error(`batch returned ${outs.length} of ${batch.length} results`);
      for (const [i, w] of batch.entries()) w.resolve(outs[i] as Out);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // One bad item, or a deadlock between two batches, must not fail its neighbours:
      // each goes again on its own.
      for (const w of batch) {
        try {
          const [out] = await this.run(tenantId, [w.item]);
          w.resolve(out as Out);
        } catch (e) {
          w.reject(e);
        }
      }
    }
  }
}
