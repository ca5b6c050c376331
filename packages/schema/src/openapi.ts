// The OpenAPI 3.1 document of the REST data plane and of the webhooks Herald sends, built from
// the same zod definitions the API validates with. `npm run generate` writes it to openapi.json.
import { z } from "zod";
import { BUILT_IN_EVENT_TYPES } from "./events.js";
import {
  CompleteRunBody,
  CreateRunBody,
  MessageResponse,
  Problem,
  PublishEventBody,
  ReplayRunWebhookBody,
  RunList,
  SendReport,
  TriggerAccepted,
  TriggerInfo,
  WebhookTestBody,
} from "./rest.js";
import { Run } from "./run.js";

export const API_VERSION = "0.1.0";

type Schema = z.ZodType;
const id = (schema: Schema): string => {
  const meta = z.globalRegistry.get(schema) as { id?: string } | undefined;
  if (!meta?.id) throw new Error("schema used in the OpenAPI document has no meta id");
  return meta.id;
};
const ref = (schema: Schema) => ({ $ref: `#/components/schemas/${id(schema)}` });
const json = (schema: Schema) => ({ "application/json": { schema: ref(schema) } });

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref(Problem) } },
});
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      problem(
        {
          400: "The request is invalid",
          401: "Missing, invalid or revoked API key",
          403: "The key is not allowed to do this",
          404: "Not found",
          409: "The run is not in a state that allows this",
          413: "The body is too large",
          415: "The body is not JSON",
        }[c] ?? "Error",
      ),
    ]),
  );

const runId = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^run_" },
  description: "The run's id.",
};

const webhookHeaders = [
  {
    name: "webhook-id",
    in: "header",
    required: true,
    schema: { type: "string" },
    description: "The message id; the same on every retry. Receivers dedupe on it.",
  },
  {
    name: "webhook-timestamp",
    in: "header",
    required: true,
    schema: { type: "string", pattern: "^[0-9]+$" },
    description: "Unix seconds of this attempt. Reject values more than 5 minutes away.",
  },
  {
    name: "webhook-signature",
    in: "header",
    required: true,
    schema: { type: "string" },
    description:
      'Space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per active secret.',
  },
];

export function buildOpenApiDocument() {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: "draft-2020-12",
    io: "output",
    unrepresentable: "any",
    uri: (schemaId) => `#/components/schemas/${schemaId}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }

  const webhooks = Object.fromEntries(
    BUILT_IN_EVENT_TYPES.map((t) => [
      t.name,
      {
        post: {
          summary: t.name,
          description: t.description,
          operationId: `webhook_${t.name.replaceAll(".", "_")}`,
          parameters: webhookHeaders,
          requestBody: { required: true, content: json(t.event) },
          responses: {
            "200": { description: "Any 2xx within the timeout acknowledges the delivery." },
            "410": { description: "Gone: Herald disables the endpoint." },
          },
        },
      },
    ]),
  );

  return {
    openapi: "3.1.0",
    info: {
      title: "Herald API",
      version: API_VERSION,
      description:
        "Herald's REST data plane and the webhooks it sends. The management API is GraphQL at /graphql. Generated from packages/schema; DO NOT EDIT openapi.json by hand.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "http://localhost:4000", description: "npm start" }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "events", description: "Publish events to subscribed endpoints." },
      { name: "runs", description: "Agent runs and their webhooks." },
      { name: "webhooks", description: "Test deliveries." },
      { name: "triggers", description: "Inbound URLs that start runs." },
    ],
    paths: {
      "/v1/events": {
        post: {
          tags: ["events"],
          operationId: "publishEvent",
          summary: "Publish an event",
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string", minLength: 1, maxLength: 256 },
              description:
                "The same key within 24 hours returns the first message and creates nothing.",
            },
          ],
          requestBody: { required: true, content: json(PublishEventBody) },
          responses: {
            "202": { description: "Accepted for delivery", content: json(MessageResponse) },
            ...errors(400, 401, 403, 404, 413, 415),
          },
        },
      },
      "/v1/runs": {
        post: {
          tags: ["runs"],
          operationId: "createRun",
          summary: "Create a run (queued; emits run.created)",
          requestBody: { required: true, content: json(CreateRunBody) },
          responses: {
            "201": { description: "Created", content: json(Run) },
            ...errors(400, 401, 403, 415),
          },
        },
        get: {
          tags: ["runs"],
          operationId: "listRuns",
          summary: "List runs, newest first",
          security: [{ bearerAuth: [] }],
          parameters: [
            { name: "status", in: "query", schema: { $ref: "#/components/schemas/RunStatus" } },
            { name: "agentId", in: "query", schema: { type: "string" } },
            {
              name: "cursor",
              in: "query",
              schema: { type: "string" },
              description: "`nextCursor` of the previous page.",
            },
            {
              name: "limit",
              in: "query",
              schema: { type: "integer", minimum: 1, maximum: 200, default: 50 },
            },
          ],
          responses: {
            "200": { description: "A page of runs", content: json(RunList) },
            ...errors(400, 401),
          },
        },
      },
      "/v1/runs/{id}": {
        get: {
          tags: ["runs"],
          operationId: "getRun",
          summary: "Get a run",
          parameters: [runId],
          responses: { "200": { description: "The run", content: json(Run) }, ...errors(401, 404) },
        },
      },
      "/v1/runs/{id}/start": {
        post: {
          tags: ["runs"],
          operationId: "startRun",
          summary: "Start a queued run (emits run.started)",
          parameters: [runId],
          responses: {
            "200": { description: "The run", content: json(Run) },
            ...errors(401, 404, 409),
          },
        },
      },
      "/v1/runs/{id}/complete": {
        post: {
          tags: ["runs"],
          operationId: "completeRun",
          summary: "Finish a run (emits run.completed)",
          parameters: [runId],
          requestBody: { required: true, content: json(CompleteRunBody) },
          responses: {
            "200": { description: "The run", content: json(Run) },
            ...errors(400, 401, 404, 409),
          },
        },
      },
      "/v1/runs/{id}/webhook/replay": {
        post: {
          tags: ["runs"],
          operationId: "replayRunWebhook",
          summary: "Resend the run's latest event now, optionally to another URL",
          parameters: [runId],
          requestBody: { required: false, content: json(ReplayRunWebhookBody) },
          responses: {
            "200": { description: "What the receiver answered", content: json(SendReport) },
            ...errors(400, 401, 404, 409),
          },
        },
      },
      "/v1/webhooks/test": {
        post: {
          tags: ["webhooks"],
          operationId: "testWebhook",
          summary: "Send a webhook.test event now and report the receiver's answer",
          requestBody: { required: true, content: json(WebhookTestBody) },
          responses: {
            "200": { description: "What the receiver answered", content: json(SendReport) },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/v1/triggers/{id}": {
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^trg_" } },
        ],
        post: {
          tags: ["triggers"],
          operationId: "fireTrigger",
          summary: "Start a run of the trigger's agent with the JSON body as input",
          description:
            "Authenticated by the trigger's Standard Webhooks signature and source allowlist, not by an API key. Every refusal is the same 401.",
          security: [],
          parameters: webhookHeaders.map((h) => ({ ...h, required: false })),
          requestBody: { required: false, content: { "application/json": { schema: {} } } },
          responses: {
            "202": {
              description: "A queued run (or the first run for a repeated webhook-id)",
              content: json(TriggerAccepted),
            },
            ...errors(400, 401, 413),
          },
        },
        get: {
          tags: ["triggers"],
          operationId: "getTrigger",
          summary: "What a sender needs to configure itself (never the secret)",
          security: [],
          responses: {
            "200": { description: "Trigger settings", content: json(TriggerInfo) },
            ...errors(404),
          },
        },
      },
    },
    webhooks,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A Herald API key (`hk_…`)." },
      },
      schemas,
    },
  };
}

/** A static reference page (Scalar) with the document inlined. */
export function renderOpenApiHtml(document: ReturnType<typeof buildOpenApiDocument>): string {
  const json = JSON.stringify(document).replaceAll("</", "<\\/");
  return `<!doctype html>
<!-- Generated from packages/schema by \`npm run generate\`. DO NOT EDIT. -->
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Herald API reference</title>
  </head>
  <body>
    <script id="api-reference" type="application/json">${json}</script>
    <script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference@1"></script>
  </body>
</html>
`;
}
