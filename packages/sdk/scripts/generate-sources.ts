// Builds the SDK's generated sources from the committed schema artefacts: REST types from
// openapi.json (openapi-typescript) and typed GraphQL documents from schema.graphql plus the
// operations in src/operations (graphql-codegen). Used by the generate script and the drift test.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { codegen } from "@graphql-codegen/core";
import * as typedDocumentNode from "@graphql-codegen/typed-document-node";
import * as typescriptOperations from "@graphql-codegen/typescript-operations";
import { parse } from "graphql";
import openapiTS, { astToString } from "openapi-typescript";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const OPENAPI_JSON = here("../../schema/openapi.json");
export const SCHEMA_GRAPHQL = here("../../../apps/api/schema.graphql");
export const OPERATIONS_DIR = here("../src/operations/");
export const OUT_OPENAPI = here("../src/generated/openapi.ts");
export const OUT_GRAPHQL = here("../src/generated/graphql.ts");

const header = (from: string) =>
  `// Generated from ${from} by \`npm run generate\`. DO NOT EDIT.\n/* eslint-disable */\n// biome-ignore-all lint: generated code\n`;

export async function generateSources(): Promise<Record<string, string>> {
  const ast = await openapiTS(JSON.parse(readFileSync(OPENAPI_JSON, "utf8")), {
    exportType: true,
    alphabetize: true,
  });
  const rest = `${header("packages/schema/openapi.json")}\n${astToString(ast)}`;

  const operations = readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith(".graphql"))
    .sort()
    .map((f) => ({ location: f, document: parse(readFileSync(`${OPERATIONS_DIR}${f}`, "utf8")) }));
  const graphql = await codegen({
    filename: OUT_GRAPHQL,
    schema: parse(readFileSync(SCHEMA_GRAPHQL, "utf8")),
    documents: operations,
    config: {
      scalars: { DateTime: "string", JSON: "unknown", ID: "string" },
      enumsAsTypes: true,
      avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      useTypeImports: true,
      skipTypename: false,
      nonOptionalTypename: false,
      dedupeFragments: true,
      documentMode: "string",
    },
    plugins: [{ typescriptOperations: {} }, { typedDocumentNode: {} }],
    pluginMap: { typescriptOperations, typedDocumentNode },
  });
  return {
    [OUT_OPENAPI]: rest,
    [OUT_GRAPHQL]: `${header("apps/api/schema.graphql and src/operations")}\n${graphql}`,
  };
}
