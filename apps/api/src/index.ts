// @herald/api: the GraphQL control plane and the REST data plane.
export * from "./app.js";
export * from "./config.js";
export type * from "./context.js";
export { schema } from "./graphql/schema/index.js";
