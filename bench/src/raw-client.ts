// The raw limit's client, in a process of its own as Herald's worker is: an undici loop that
// POSTs Standard Webhooks-signed payloads to the receivers at a fixed concurrency, with the
// same agent settings as Herald's sender. Prints {requests, seconds} as JSON.
import { createHmac, randomBytes } from "node:crypto";
import { Agent, request } from "undici";

const { urls, concurrency, seconds } = JSON.parse(process.argv[2] ?? "{}") as {
  urls: string[];
  concurrency: number;
  seconds: number;
};
const secret = randomBytes(24);
const agent = new Agent({ connections: 32, pipelining: 1 });
const body = JSON.stringify({
  id: "msg_raw",
  type: "bench.event",
  timestamp: new Date().toISOString(),
  data: { runId: "run_bench", status: "succeeded", output: { summary: "x".repeat(120) } },
});

// The first two seconds warm the JIT and the connections up and are not counted.
const WARMUP_MS = 2000;
let requests = 0;
let failures = 0;
let warm = false;
let started = performance.now();
const deadline = started + WARMUP_MS + seconds * 1000;
setTimeout(() => {
  warm = true;
  requests = 0;
  failures = 0;
  started = performance.now();
}, WARMUP_MS);

async function lane(offset: number) {
  let i = offset;
  while (performance.now() < deadline) {
    const url = urls[i++ % urls.length]!;
    const id = `msg_raw_${requests}`;
    const ts = Math.floor(Date.now() / 1000);
    const sig = createHmac("sha256", secret).update(`${id}.${ts}.${body}`).digest("base64");
    try {
      const res = await request(url, {
        method: "POST",
        dispatcher: agent,
        headers: {
          "content-type": "application/json",
          "webhook-id": id,
          "webhook-timestamp": String(ts),
          "webhook-signature": `v1,${sig}`,
        },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) requests++;
      else if (warm) failures++;
    } catch {
      if (warm) failures++;
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, (_, i) => lane(i)));
const elapsed = (performance.now() - started) / 1000;
await agent.close();
process.stdout.write(`${JSON.stringify({ requests, failures, seconds: elapsed })}\n`);
