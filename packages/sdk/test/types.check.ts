// Compile-time checks (tsc, not vitest): each @ts-expect-error must be needed, or tsc fails.
import type { HeraldClient, HeraldEvent } from "../src/index.js";
import { isRunCompletedEvent } from "../src/index.js";

declare const event: HeraldEvent;
declare const herald: HeraldClient;

// @ts-expect-error data.run is not on every event: narrow on `type` first.
event.data.run;

if (event.type === "run.completed") {
  const status: "succeeded" | "failed" | "cancelled" | "timed_out" | "queued" | "running" =
    event.data.run.status;
  void status;
}
if (isRunCompletedEvent(event)) {
  const id: string = event.data.run.id;
  void id;
}
if (event.type === "endpoint.disabled") {
  const reason: string = event.data.reason;
  // @ts-expect-error endpoint.disabled carries no run.
  event.data.run;
  void reason;
}

export async function restTypes() {
  // @ts-expect-error "done" is not a terminal run status.
  await herald.runs.complete("run_1", { status: "done" });
  await herald.runs.complete("run_1", { status: "timed_out" });
  const run = await herald.runs.get("run_1");
  const finishedAt: string | null = run.finishedAt;
  // @ts-expect-error runs have no `secret` field.
  run.secret;
  void finishedAt;
}

export async function graphqlTypes() {
  const { createEndpoint } = await herald.endpoints.create({ url: "https://example.com/hook" });
  // @ts-expect-error the result is a union: narrow on __typename before reading the endpoint.
  createEndpoint.endpoint;
  if (createEndpoint.__typename === "CreateEndpointPayload") {
    const secret: string = createEndpoint.signingSecret;
    const status: "ENABLED" | "DISABLED" = createEndpoint.endpoint.status;
    void secret;
    void status;
  } else if (createEndpoint.__typename === "ValidationError") {
    const paths: string[][] = createEndpoint.fieldErrors.map((e) => e.path);
    void paths;
  }
  // @ts-expect-error url is required.
  await herald.endpoints.create({ description: "x" });
  const { message } = await herald.messages.get("msg_1");
  const codes: (number | null)[] | undefined = message?.deliveries.flatMap((d) =>
    d.attempts.map((a) => a.statusCode),
  );
  void codes;
}
