// A webhook receiver in plain node:http: verify with @herald/sdk, dedupe on webhook-id,
// answer fast. Run: HERALD_WEBHOOK_SECRET=whsec_… npx tsx examples/receiver.ts
import { createServer } from "node:http";
import { type HeraldEvent, Webhook, WebhookVerificationError } from "@herald/sdk";

export function startReceiver(
  secret: string | (() => string),
  onEvent: (event: HeraldEvent) => void,
  port = 0,
) {
  const seen = new Set<string>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      // Verify the raw bytes: a re-serialised body would not match the signature.
      const webhook = new Webhook(typeof secret === "string" ? secret : secret());
      const event = webhook.verify(Buffer.concat(chunks), req.headers as Record<string, string>);
      res.writeHead(204).end();
      if (seen.has(event.id)) return; // a retry of something already handled
      seen.add(event.id);
      onEvent(event);
    } catch (error) {
      res.writeHead(error instanceof WebhookVerificationError ? 400 : 500).end();
    }
  });
  return new Promise<typeof server>((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve(server)),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await startReceiver(
    process.env.HERALD_WEBHOOK_SECRET ?? "",
    (event) => {
      if (event.type === "run.completed")
        console.log(`run ${event.data.run.id} ${event.data.run.status}`);
      else console.log(event.type, event.id);
    },
    Number(process.env.PORT ?? 9000),
  );
}
