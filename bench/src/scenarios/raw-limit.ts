// (1) The ceiling: how many signed POSTs per second this machine carries from one Node
// process to the bench's receivers, with no queue and no database in between.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startReceivers } from "../receivers.js";
import type { Scenario } from "../scenario.js";
import { progress, round } from "../stats.js";

const CLIENT = fileURLToPath(new URL("../raw-client.ts", import.meta.url));

export const rawLimit: Scenario = {
  name: "raw",
  title: "Raw limit (undici loop, no Herald)",
  async run(ctx) {
    const receivers = await startReceivers();
    try {
      // Ten paths on one receiver, as the throughput scenario's ten endpoints.
      const urls = Array.from({ length: 10 }, (_, i) => `${receivers.urls[0]}/raw/${i}`);
      const args = { urls, concurrency: ctx.options.concurrency, seconds: ctx.options.rawSeconds };
      const stop = progress("raw", () => `${receivers.count} requests received`);
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", CLIENT, JSON.stringify(args)], {
          stdio: ["ignore", "pipe", "inherit"],
        });
        let text = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => {
          text += c;
        });
        child.on("error", reject);
        child.on("exit", (code) =>
          code === 0 ? resolve(text) : reject(new Error(`raw client exited ${code}`)),
        );
      }).finally(stop);
      const { requests, failures, seconds } = JSON.parse(out) as {
        requests: number;
        failures: number;
        seconds: number;
      };
      const perSecond = round(requests / seconds, 0);
      ctx.rawPerSecond = perSecond;
      return {
        headline: `${perSecond} requests/s (concurrency ${ctx.options.concurrency})`,
        complete: failures === 0 && requests > 0,
        figures: { requestsPerSecond: perSecond, requests, failures, seconds: round(seconds, 2) },
      };
    } finally {
      await receivers.close();
    }
  },
};
