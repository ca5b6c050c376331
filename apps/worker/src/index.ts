// @herald/worker: delivery, fan-out and housekeeping on graphile-worker.
export * from "./batcher.js";
export * from "./config.js";
export * from "./delivery/index.js";
export { HERALD_VERSION, USER_AGENT } from "./deps.js";
export * from "./fanout/match.js";
export * from "./jobs.js";
export * from "./log.js";
export * from "./metrics.js";
export * from "./publish.js";
export * from "./runner.js";
