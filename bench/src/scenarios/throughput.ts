// (2) End-to-end throughput: N events published as fast as the API takes them (64 requests
// in flight), each routed by channel to one of ten endpoints; deliveries per second from the
// first publish to the last receipt, and the ratio to the raw limit.
import { startReceivers } from "../receivers.js";
import { type Scenario, waitFor, withHerald } from "../scenario.js";
import { mapLimit, progress, round } from "../stats.js";
import { BenchTenant, samplePayload } from "../tenant.js";

export const ENDPOINTS = 10;

export const throughput: Scenario = {
  name: "throughput",
  title: "End-to-end throughput",
  run: (ctx) =>
    withHerald(ctx, async (herald) => {
      const n = ctx.options.events;
      const receivers = await startReceivers();
      try {
        const tenant = await BenchTenant.create(herald);
        await tenant.createEndpoints(
          Array.from({ length: ENDPOINTS }, (_, i) => ({
            url: `${receivers.urls[0]}/ep/${i}`,
            channels: [`c${i}`],
          })),
        );
        let published = 0;
        const ids = new Set<string>();
        const stop = progress(
          "throughput",
          () => `published ${published}/${n}, delivered ${receivers.count}`,
        );
        const started = performance.now();
        let publishedAt = 0;
        try {
          await mapLimit(
            Array.from({ length: n }, (_, i) => i),
            64,
            async (i) => {
              const p = await tenant.publish(samplePayload(i), [`c${i % ENDPOINTS}`]);
              ids.add(p.id);
              published++;
            },
          );
          publishedAt = performance.now();
          await waitFor(() => receivers.count >= n, 120_000);
        } finally {
          stop();
        }
        let last = started;
        let delivered = 0;
        for (const id of ids) {
          const a = receivers.arrivals.get(id);
          if (!a) continue;
          delivered++;
          last = Math.max(last, a[0]!.at);
        }
        const seconds = (last - started) / 1000;
        const perSecond = round(delivered / seconds, 0);
        const ratio = ctx.rawPerSecond ? round(perSecond / ctx.rawPerSecond, 3) : null;
        return {
          headline: `${perSecond} deliveries/s${ratio !== null ? ` (${round(ratio * 100)}% of raw)` : ""}`,
          complete: delivered === n,
          figures: {
            events: n,
            delivered,
            missing: n - delivered,
            duplicates: receivers.count - delivered,
            deliveriesPerSecond: perSecond,
            publishPerSecond: round(n / ((publishedAt - started) / 1000), 0),
            seconds: round(seconds, 2),
            ratioToRaw: ratio,
          },
        };
      } finally {
        await receivers.close();
      }
    }),
};
