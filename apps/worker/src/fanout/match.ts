// Which endpoints a message goes to: subscriptions (exact names, `prefix.*`, empty = all),
// channels, and agent ownership of run events.
export const OPERATIONAL_EVENT_TYPES = new Set(["endpoint.disabled", "message.attempt.exhausted"]);

export function matchesEventType(type: string, subscriptions: readonly string[]): boolean {
  // Operational events go only to endpoints that asked for them by name or pattern.
  if (subscriptions.length === 0) return !OPERATIONAL_EVENT_TYPES.has(type);
  return subscriptions.some(
    (p) =>
      p === type ||
      (p === "*" && !OPERATIONAL_EVENT_TYPES.has(type)) ||
      (p.endsWith(".*") && type.startsWith(p.slice(0, -1))),
  );
}

export function matchesChannels(
  messageChannels: readonly string[],
  endpointChannels: readonly string[],
) {
  if (endpointChannels.length === 0) return true;
  return messageChannels.some((c) => endpointChannels.includes(c));
}

export interface Routable {
  eventTypes: string[];
  channels: string[];
  agentId: string | null;
}

export function endpointWants(
  endpoint: Routable,
  message: { eventType: string; channels: string[]; runId: string | null; agentId: string | null },
): boolean {
  // An agent's own endpoints hear about that agent's runs, not other agents'.
  if (endpoint.agentId && message.runId && endpoint.agentId !== message.agentId) return false;
  return (
    matchesEventType(message.eventType, endpoint.eventTypes) &&
    matchesChannels(message.channels, endpoint.channels)
  );
}
