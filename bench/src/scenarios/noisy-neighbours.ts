// (5) Noisy neighbours: the same steady load to healthy endpoints, first alone, then with a
// fifth as many endpoints again that never answer (held until their timeout, then retried).
// Healthy endpoints' latency should barely move.
import { startReceivers } from "../receivers.js";
import { type Scenario, waitFor, withHerald } from "../scenario.js";
import { distribution, progress, round, sleep } from "../stats.js";
import { BenchTenant, type Published, samplePayload } from "../tenant.js";

const HEALTHY = 8;
const HANGING = 2;
export const HANG_TIMEOUT_SECONDS = 5;

async function phase(
  label: string,
  tenant: BenchTenant,
  receivers: Awaited<ReturnType<typeof startReceivers>>,
  rate: number,
  seconds: number,
) {
  const total = Math.round(rate * seconds);
  const published: Published[] = [];
  const inflight: Promise<void>[] = [];
  const countHealthy = () => {
    let n = 0;
    for (const p of published) n += receivers.arrivals.get(p.id)?.length ?? 0;
    return n;
  };
  const stop = progress(
    label,
    () => `published ${published.length}/${total}, healthy deliveries ${countHealthy()}`,
  );
  const t0 = performance.now();
  let scheduled = 0;
  try {
    while (scheduled < total) {
      while (scheduled < total && t0 + (scheduled * 1000) / rate <= performance.now()) {
        scheduled++;
        inflight.push(
          tenant.publish(samplePayload(scheduled)).then((p) => {
            published.push(p);
          }),
        );
      }
      await sleep(1);
    }
    await Promise.all(inflight);
    await waitFor(() => countHealthy() >= total * HEALTHY, 60_000);
  } finally {
    stop();
  }
  const latencies: number[] = [];
  let delivered = 0;
  for (const p of published) {
    for (const a of receivers.arrivals.get(p.id) ?? []) {
      delivered++;
      latencies.push(a.at - p.acceptedAt);
    }
  }
  return { total, expected: total * HEALTHY, delivered, latency: distribution(latencies) };
}

export const noisyNeighbours: Scenario = {
  name: "noisy",
  title: "Noisy neighbours",
  run: (ctx) =>
    withHerald(ctx, async (herald) => {
      const { noisyRate: rate, noisySeconds: seconds } = ctx.options;
      const healthy = await startReceivers();
      const hanging = await startReceivers({ hangPrefix: "/" });
      try {
        const healthyUrls = (prefix: string) =>
          Array.from({ length: HEALTHY }, (_, i) => ({ url: `${healthy.urls[0]}/${prefix}/${i}` }));
        const alone = await BenchTenant.create(herald, "alone");
        await alone.createEndpoints(healthyUrls("alone"));
        for (let i = 0; i < 10; i++) await alone.publish(samplePayload(-1));
        await waitFor(() => healthy.count >= 10 * HEALTHY, 30_000);
        const baseline = await phase("noisy: healthy only", alone, healthy, rate, seconds);

        const crowded = await BenchTenant.create(herald, "crowded");
        await crowded.createEndpoints([
          ...healthyUrls("crowded"),
          ...Array.from({ length: HANGING }, (_, i) => ({
            url: `${hanging.urls[0]}/hang/${i}`,
            timeoutSeconds: HANG_TIMEOUT_SECONDS,
          })),
        ]);
        const noisy = await phase("noisy: with hanging", crowded, healthy, rate, seconds);
        const ratio =
          baseline.latency.p99 > 0 ? round(noisy.latency.p99 / baseline.latency.p99, 2) : null;
        return {
          headline: `healthy p99 ${baseline.latency.p99} ms alone, ${noisy.latency.p99} ms beside hanging endpoints (${ratio}×)`,
          complete: baseline.delivered === baseline.expected && noisy.delivered === noisy.expected,
          figures: {
            eventsPerSecond: rate,
            seconds,
            healthyEndpoints: HEALTHY,
            hangingEndpoints: HANGING,
            hangTimeoutSeconds: HANG_TIMEOUT_SECONDS,
            baselineMs: baseline.latency,
            withHangingMs: noisy.latency,
            p99Ratio: ratio,
            missing: baseline.expected - baseline.delivered + (noisy.expected - noisy.delivered),
          },
        };
      } finally {
        await hanging.close();
        await healthy.close();
      }
    }),
};
