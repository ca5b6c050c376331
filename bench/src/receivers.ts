// Receivers on 127.0.0.1 for the bench: answer 200 at once (or hang, for the noisy-neighbour
// scenario) and note when each webhook-id arrived, on the bench's own clock.
import { createServer, type Server, type ServerResponse } from "node:http";

export interface Arrival {
  path: string;
  /** performance.now() when the request's body had been read. */
  at: number;
}

export interface ReceiverHost {
  /** Base URLs, one per server. */
  urls: string[];
  /** Every arrival by webhook-id (repeats, e.g. retries, are kept in order). */
  arrivals: Map<string, Arrival[]>;
  count: number;
  onArrival?: (id: string, arrival: Arrival) => void;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  servers?: number;
  /** Requests on paths starting with this never get an answer. */
  hangPrefix?: string;
}

export async function startReceivers(options: ReceiverOptions = {}): Promise<ReceiverHost> {
  const servers: Server[] = [];
  const hanging = new Set<ServerResponse>();
  const host: ReceiverHost = {
    urls: [],
    arrivals: new Map(),
    count: 0,
    async close() {
      for (const res of hanging) res.destroy();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
  for (let i = 0; i < (options.servers ?? 1); i++) {
    const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
      req.on("data", () => {});
      req.on("end", () => {
        const path = req.url ?? "/";
        if (options.hangPrefix && path.startsWith(options.hangPrefix)) {
          hanging.add(res);
          res.on("close", () => hanging.delete(res));
          return;
        }
        const id = req.headers["webhook-id"];
        if (typeof id === "string") {
          const arrival = { path, at: performance.now() };
          const list = host.arrivals.get(id);
          if (list) list.push(arrival);
          else host.arrivals.set(id, [arrival]);
          host.count++;
          host.onArrival?.(id, arrival);
        }
        res.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
        res.end("ok");
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    host.urls.push(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
  }
  return host;
}
