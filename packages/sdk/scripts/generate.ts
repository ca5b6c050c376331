// Writes the SDK's generated types (`npm run generate -w @herald/sdk`).
import { writeFileSync } from "node:fs";
import { generateSources } from "./generate-sources.js";

for (const [path, content] of Object.entries(await generateSources())) {
  writeFileSync(path, content);
  console.log(`wrote ${path}`);
}
