// Assembles the GraphQL schema from one module per type or domain.
import { builder } from "../builder.js";
import "./scalars.js";
import "./errors.js";
import "./tenant.js";
import "./api-key.js";
import "./agent.js";
import "./event-type.js";
import "./endpoint.js";
import "./message.js";
import "./run.js";
import "./agent-webhook.js";
import "./trigger.js";

export const schema = builder.toSchema({ sortSchema: true });
