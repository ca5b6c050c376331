// @herald/schema: the single source of Herald's payload types.
export * from "./events.js";
export * from "./jobs.js";
export * from "./openapi.js";
export * from "./rest.js";
export * from "./run.js";
