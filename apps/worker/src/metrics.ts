// A small Prometheus registry: counters and gauges in text exposition format. One registry
// per process (`metrics`), so `npm start` shows the API's and the worker's figures together.
type Labels = Record<string, string | number>;

const key = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${String(v).replaceAll('"', '\\"')}"`)
    .join(",");

export class Metrics {
  readonly #counters = new Map<string, { help: string; values: Map<string, number> }>();
  readonly #gauges = new Map<string, { help: string; read: () => number }>();

  counter(name: string, help: string) {
    const entry = this.#counters.get(name) ?? { help, values: new Map<string, number>() };
    this.#counters.set(name, entry);
    return (labels: Labels = {}, by = 1) => {
      const k = key(labels);
      entry.values.set(k, (entry.values.get(k) ?? 0) + by);
    };
  }

  gauge(name: string, help: string, read: () => number) {
    this.#gauges.set(name, { help, read });
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, { help, values }] of this.#counters) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, value] of values)
        lines.push(`${name}${labels ? `{${labels}}` : ""} ${value}`);
    }
    for (const [name, { help, read }] of this.#gauges) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${read()}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

export const metrics = new Metrics();
export const deliveryAttempts = metrics.counter(
  "herald_delivery_attempts_total",
  "Delivery attempts by outcome (succeeded, retry, failed)",
);
export const deliveryDurationMs = metrics.counter(
  "herald_delivery_duration_ms_total",
  "Milliseconds spent in delivery HTTP requests",
);
export const messagesPublished = metrics.counter(
  "herald_messages_published_total",
  "Messages published",
);
export const deliveriesDeferred = metrics.counter(
  "herald_deliveries_deferred_total",
  "Deliveries put back because their endpoint already held its share of worker slots",
);
