// (3) Latency: events at a fixed rate to one endpoint. Each event is stamped at its scheduled
// send time and at the API's 202; the receiver stamps its arrival on the same clock. A ledger
// (published = delivered + missing) keeps a slow tail from hiding as a lost event.
import { startReceivers } from "../receivers.js";
import { type Scenario, waitFor, withHerald } from "../scenario.js";
import { distribution, progress, round, sleep } from "../stats.js";
import { BenchTenant, type Published, samplePayload } from "../tenant.js";

export const latency: Scenario = {
  name: "latency",
  title: "Latency at a fixed rate",
  run: (ctx) =>
    withHerald(ctx, async (herald) => {
      const { rate, durationSeconds } = ctx.options;
      const total = Math.round(rate * durationSeconds);
      const receivers = await startReceivers();
      try {
        const tenant = await BenchTenant.create(herald);
        await tenant.createEndpoints([{ url: `${receivers.urls[0]}/latency` }]);
        // Warm the path (connections, prepared statements) before the clock starts.
        for (let i = 0; i < 20; i++) await tenant.publish(samplePayload(-1));
        await waitFor(() => receivers.count >= 20, 30_000);
        receivers.arrivals.clear();
        receivers.count = 0;

        const sent: { scheduled: number; p?: Published; error?: string }[] = [];
        const inflight: Promise<void>[] = [];
        const stop = progress(
          "latency",
          () => `scheduled ${sent.length}/${total}, delivered ${receivers.count}`,
        );
        const t0 = performance.now() + 10;
        try {
          while (sent.length < total) {
            const now = performance.now();
            while (sent.length < total && t0 + (sent.length * 1000) / rate <= now) {
              const entry: (typeof sent)[number] = { scheduled: t0 + (sent.length * 1000) / rate };
              sent.push(entry);
              inflight.push(
                tenant.publish(samplePayload(sent.length)).then(
                  (p) => {
                    entry.p = p;
                  },
                  (e: Error) => {
                    entry.error = e.message;
                  },
                ),
              );
            }
            await sleep(1);
          }
          await Promise.all(inflight);
          await waitFor(() => receivers.count >= total, 60_000);
        } finally {
          stop();
        }
        const fromAccepted: number[] = [];
        const fromScheduled: number[] = [];
        const accept: number[] = [];
        let delivered = 0;
        for (const e of sent) {
          if (!e.p) continue;
          accept.push(e.p.acceptedAt - e.scheduled);
          const a = receivers.arrivals.get(e.p.id)?.[0];
          if (!a) continue;
          delivered++;
          fromAccepted.push(a.at - e.p.acceptedAt);
          fromScheduled.push(a.at - e.scheduled);
        }
        const d = distribution(fromAccepted);
        return {
          headline: `p50 ${d.p50} ms, p90 ${d.p90} ms, p99 ${d.p99} ms, max ${d.max} ms`,
          complete: delivered === total,
          figures: {
            rate,
            seconds: durationSeconds,
            events: total,
            delivered,
            missing: total - delivered,
            publishErrors: sent.filter((e) => e.error).length,
            acceptedToReceivedMs: d,
            scheduledToReceivedMs: distribution(fromScheduled),
            publishMs: distribution(accept),
            achievedRate: round(total / durationSeconds, 0),
          },
        };
      } finally {
        await receivers.close();
      }
    }),
};
