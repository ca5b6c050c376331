// For agents: register the agent's webhook on start-up and remove it on shutdown.
import type { HeraldClient } from "./client.js";
import { HeraldApiError } from "./errors.js";

export interface AgentWebhookRegistration {
  endpointId: string;
  signingSecret: string;
  created: boolean;
  /** Unregisters now (also done on SIGTERM/SIGINT unless `unregisterOnExit` is false). */
  unregister(): Promise<boolean>;
}

export async function registerAgentWebhook(
  herald: HeraldClient,
  input: { url: string; eventTypes?: string[]; description?: string; agentId?: string },
  options: { unregisterOnExit?: boolean } = {},
): Promise<AgentWebhookRegistration> {
  const { registerAgentWebhook: result } = await herald.agents.registerWebhook(input);
  if (result.__typename !== "RegisterAgentWebhookPayload") {
    throw new HeraldApiError(
      400,
      {
        type: "about:blank",
        title: result.__typename,
        status: 400,
        code: result.__typename,
        detail: result.message,
      },
      new Headers(),
    );
  }
  // One unregistration at a time: a second call (the signal handler and the agent's own
  // shutdown, say) waits for the first; a failed one may be tried again.
  let pending: Promise<boolean> | undefined;
  const unregister = (): Promise<boolean> => {
    pending ??= (async () => {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      const { unregisterAgentWebhook } = await herald.agents.unregisterWebhook({
        url: input.url,
        ...(input.agentId ? { agentId: input.agentId } : {}),
      });
      return (
        unregisterAgentWebhook.__typename === "UnregisterAgentWebhookPayload" &&
        unregisterAgentWebhook.removed
      );
    })().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void unregister()
      .catch(() => false)
      .finally(() => {
        // Let the process end as it would have without our handler.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
  };
  if (options.unregisterOnExit !== false) {
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }
  return {
    endpointId: result.endpoint.id,
    signingSecret: result.signingSecret,
    created: result.created,
    unregister,
  };
}
