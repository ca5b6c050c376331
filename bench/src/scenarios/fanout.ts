// (4) Fan-out: one event to many endpoints (ten paths on each of many receivers); the time
// from the API's 202 until the last endpoint has it. Three rounds: the first is cold.
import { startReceivers } from "../receivers.js";
import { type Scenario, waitFor, withHerald } from "../scenario.js";
import { progress, round } from "../stats.js";
import { BenchTenant, samplePayload } from "../tenant.js";

const ROUNDS = 3;

export const fanout: Scenario = {
  name: "fanout",
  title: "Fan-out, one event to many endpoints",
  run: (ctx) =>
    withHerald(ctx, async (herald) => {
      const endpoints = ctx.options.fanoutEndpoints;
      const receivers = await startReceivers({ servers: Math.ceil(endpoints / 10) });
      try {
        const tenant = await BenchTenant.create(herald);
        const stopSetup = progress("fanout", () => "creating endpoints");
        await tenant
          .createEndpoints(
            Array.from({ length: endpoints }, (_, i) => ({
              url: `${receivers.urls[Math.floor(i / 10)]}/fan/${i % 10}`,
            })),
            16,
          )
          .finally(stopSetup);
        const rounds: number[] = [];
        let complete = true;
        for (let r = 0; r < ROUNDS; r++) {
          const before = receivers.count;
          const stop = progress(
            "fanout",
            () => `round ${r + 1}: ${receivers.count - before}/${endpoints}`,
          );
          const p = await tenant.publish(samplePayload(r));
          const ok = await waitFor(
            () => (receivers.arrivals.get(p.id)?.length ?? 0) >= endpoints,
            60_000,
          );
          stop();
          const arrivals = receivers.arrivals.get(p.id) ?? [];
          complete &&= ok && arrivals.length === endpoints;
          const last = Math.max(...arrivals.map((a) => a.at));
          rounds.push(round(last - p.acceptedAt, 0));
        }
        const warm = rounds.slice(1).sort((a, b) => a - b);
        return {
          headline: `${endpoints} endpoints: cold ${rounds[0]} ms, warm ${warm[0]}–${warm[warm.length - 1]} ms`,
          complete,
          figures: { endpoints, roundsMs: rounds, coldMs: rounds[0] ?? null },
        };
      } finally {
        await receivers.close();
      }
    }),
};
