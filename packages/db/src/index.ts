// @herald/db: schema, migrations, connections and secrets at rest.

export * from "./bootstrap.js";
export * from "./connection.js";
export * from "./embedded.js";
export * from "./ids.js";
export * from "./migrate.js";
export { relations } from "./relations.js";
export * as tables from "./schema.js";
export { TENANT_TABLES } from "./schema.js";
export * from "./secrets.js";
