// Generated files must match their sources: the OpenAPI document, the GraphQL SDL and the SDK's
// generated types. Run `npm run generate` after changing a source. The OpenAPI document must
// also pass a third-party OpenAPI 3.1 validator.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { printSdl } from "@herald/api/print-sdl";
import { buildOpenApiDocument, renderOpenApiHtml } from "@herald/schema";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { generateSources } from "../packages/sdk/scripts/generate-sources.js";

const file = (p: string) => readFileSync(fileURLToPath(new URL(p, import.meta.url)), "utf8");

describe("generated files", () => {
  it("openapi.json matches packages/schema", () => {
    expect(JSON.parse(file("../packages/schema/openapi.json"))).toEqual(buildOpenApiDocument());
    const text = `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
    expect(file("../packages/schema/openapi.json")).toBe(text);
    expect(file("../docs/reference/openapi.json")).toBe(text);
    expect(file("../docs/reference/openapi.html")).toBe(renderOpenApiHtml(buildOpenApiDocument()));
  });

  it("schema.graphql matches the Pothos schema", () => {
    expect(file("../apps/api/schema.graphql")).toBe(printSdl());
    expect(file("../docs/reference/schema.graphql")).toBe(printSdl());
  });

  it("the SDK's generated types match openapi.json and schema.graphql", async () => {
    for (const [path, content] of Object.entries(await generateSources())) {
      expect(readFileSync(path, "utf8"), path).toBe(content);
    }
  }, 60_000);

  it("the OpenAPI document is valid OpenAPI 3.1", async () => {
    const config = await createConfig({ extends: ["minimal"] });
    const problems = await lintFromString({
      source: file("../packages/schema/openapi.json"),
      absoluteRef: "openapi.json",
      config,
    });
    const errors = problems.filter((p) => p.severity === "error");
    expect(errors.map((e) => `${e.ruleId}: ${e.message} at ${e.location[0]?.pointer}`)).toEqual([]);
    const document = JSON.parse(file("../packages/schema/openapi.json"));
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.webhooks).sort()).toEqual([
      "endpoint.disabled",
      "message.attempt.exhausted",
      "run.completed",
      "run.created",
      "run.started",
      "webhook.test",
    ]);
  });
});
