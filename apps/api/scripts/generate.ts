// Prints the GraphQL schema to schema.graphql (and docs/reference/schema.graphql).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { printSdl } from "../src/graphql/print-sdl.js";

const targets = [
  fileURLToPath(new URL("../schema.graphql", import.meta.url)),
  fileURLToPath(new URL("../../../docs/reference/schema.graphql", import.meta.url)),
];
const sdl = printSdl();
for (const target of targets) {
  writeFileSync(target, sdl);
  console.log(`wrote ${target}`);
}
