// An agent that registers its own webhook, reports its runs, and starts a run whenever its
// inbound trigger fires. Run: HERALD_URL=… HERALD_AGENT_KEY=hk_… npx tsx examples/agent.ts
import type { Server } from "node:http";
import { createHerald, type HeraldClient, registerAgentWebhook } from "@herald/sdk";
import { startReceiver } from "./receiver.js";

export interface Agent {
  herald: HeraldClient;
  server: Server;
  url: string;
  completed: string[];
  stop(): Promise<void>;
}

export async function startAgent(
  baseUrl: string,
  agentKey: string,
  work: (input: unknown) => unknown,
): Promise<Agent> {
  const herald = createHerald({ baseUrl, apiKey: agentKey });
  const completed: string[] = [];
  let secret = "";
  // Listen first (the registration needs our URL), verify with the secret it returns.
  const live = await startReceiver(
    () => secret,
    async (event) => {
      // A run was queued for this agent (by a trigger or the API): do the work and report it.
      if (event.type !== "run.created" || event.data.run.status !== "queued") return;
      const run = event.data.run;
      await herald.runs.start(run.id);
      try {
        await herald.runs.complete(run.id, { status: "succeeded", output: await work(run.input) });
      } catch (error) {
        await herald.runs.complete(run.id, { status: "failed", error: { message: String(error) } });
      }
      completed.push(run.id);
    },
  );
  const url = `http://127.0.0.1:${(live.address() as { port: number }).port}/herald`;
  const registration = await registerAgentWebhook(herald, { url, eventTypes: ["run.created"] });
  secret = registration.signingSecret;
  return {
    herald,
    server: live,
    url,
    completed,
    async stop() {
      await registration.unregister();
      await new Promise((resolve) => live.close(resolve));
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const agent = await startAgent(
    process.env.HERALD_URL ?? "http://localhost:4000",
    process.env.HERALD_AGENT_KEY ?? "",
    (input) => ({
      echoed: input,
    }),
  );
  console.log("agent listening; trigger a run to see it work");
  process.on("SIGINT", () => void agent.stop().then(() => process.exit(0)));
}
