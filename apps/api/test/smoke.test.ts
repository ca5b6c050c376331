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

it("createTenant returns every tenant field the admin asks for, in one transaction", async () => {
  const data = await h.gql(
    `mutation { createTenant(input: {name: "full"}) { __typename
      ... on CreateTenantPayload { apiKey tenant { id name createdAt retrySchedule } } } }`,
    {},
    h.adminKey,
  );
  expect(data.createTenant.tenant.name).toBe("full");
  const viewer = await h.gql(`{ viewer { tenant { name } } }`, {}, data.createTenant.apiKey);
  expect(viewer.viewer.tenant.name).toBe("full");
});
