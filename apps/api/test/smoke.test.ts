import { afterAll, beforeAll, expect, it } from "vitest";
import { type HeraldFixture, startHerald } from "../src/testing/harness.js";

let h: HeraldFixture;
beforeAll(async () => {
  h = await startHerald();
});
afterAll(() => h?.stop());

it("creates a tenant and an endpoint", async () => {
  const t = await h.createTenant();
  const data = await h.gql(
    `mutation { createEndpoint(input: {url: "https://example.com/hook", eventTypes: ["run.*"]}) {
      __typename
      ... on CreateEndpointPayload { endpoint { id url eventTypes status } signingSecret }
      ... on ValidationError { message fieldErrors { path message } } } }`,
    {},
    t.key,
  );
  expect(data.createEndpoint.__typename).toBe("CreateEndpointPayload");
  expect(data.createEndpoint.signingSecret).toMatch(/^whsec_/);
  const list = await h.gql(
    `{ endpoints { nodes { id url } } viewer { scope tenant { name } } }`,
    {},
    t.key,
  );
  expect(list.endpoints.nodes).toHaveLength(1);
  expect(list.viewer.tenant.name).toBe("acme");
});
