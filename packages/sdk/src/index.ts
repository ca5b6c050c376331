// @herald/sdk: a typed client for Herald, webhook verification and trigger signing.
export * from "./agent.js";
export * from "./client.js";
export * from "./errors.js";
export * from "./events.js";
export type * as GraphQLTypes from "./generated/graphql.js";
export * as operations from "./generated/graphql.js";
export * from "./trigger.js";
export * from "./webhook.js";
