// Writes openapi.json and the rendered reference in docs/reference (`npm run generate`).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildOpenApiDocument, renderOpenApiHtml } from "../src/openapi.js";

const out = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const document = buildOpenApiDocument();
const files: Record<string, string> = {
  [out("../openapi.json")]: `${JSON.stringify(document, null, 2)}\n`,
  [out("../../../docs/reference/openapi.json")]: `${JSON.stringify(document, null, 2)}\n`,
  [out("../../../docs/reference/openapi.html")]: renderOpenApiHtml(document),
};
for (const [path, content] of Object.entries(files)) {
  writeFileSync(path, content);
  console.log(`wrote ${path}`);
}
