// The one Pothos builder: relay (raw prefixed ids as global ids), typed error unions, scope
// auth on the caller's key, and drizzle-planned queries on the request's transaction.

import { relations } from "@herald/db";
import SchemaBuilder from "@pothos/core";
import DrizzlePlugin from "@pothos/plugin-drizzle";
import ErrorsPlugin from "@pothos/plugin-errors";
import RelayPlugin, { resolveNodes } from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { getTableConfig } from "drizzle-orm/pg-core";
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { Context } from "../context.js";

/** Ids carry their type in their prefix, so they serve as Relay global ids unchanged. */
export const TYPE_BY_PREFIX: Record<string, string> = {
  ep: "Endpoint",
  agt: "Agent",
  key: "ApiKey",
  msg: "Message",
  del: "Delivery",
  att: "Attempt",
  run: "Run",
  trg: "Trigger",
  evt: "EventType",
  ten: "Tenant",
};

export const builder = new SchemaBuilder<{
  Context: Context;
  DrizzleRelations: typeof relations;
  AuthScopes: { admin: boolean; member: boolean; tenantKey: boolean };
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  defaultFieldNullability: false,
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, DrizzlePlugin],
  drizzle: { client: (ctx) => ctx.db as never, getTableConfig, relations },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodesOnConnection: true,
    encodeGlobalID: (_typename, id) => String(id),
    decodeGlobalID: (globalID) => {
      const typename = TYPE_BY_PREFIX[globalID.split("_")[0] ?? ""];
      if (!typename)
        throw new GraphQLError("unknown id", { extensions: { code: "BAD_USER_INPUT" } });
      return { typename, id: globalID };
    },
    nodeQueryOptions: {
      authScopes: { member: true },
      resolve: (_root, args, ctx, info) => nodeOrNull(ctx, info, args.id),
    },
    nodesQueryOptions: {
      authScopes: { member: true },
      resolve: (_root, args, ctx, info) => {
        if (args.ids.length > MAX_NODE_IDS) {
          throw new GraphQLError(`nodes takes at most ${MAX_NODE_IDS} ids`, {
            extensions: { code: "BAD_USER_INPUT" },
          });
        }
        return args.ids.map((id) => nodeOrNull(ctx, info, id));
      },
    },
  },
  errors: {
    directResult: true,
    // `createEndpoint` → `CreateEndpointResult`: the names clients write fragments against.
    defaultUnionOptions: {
      name: ({ parentTypeName, fieldName }) =>
        `${parentTypeName === "Mutation" ? "" : parentTypeName}${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  scopeAuth: {
    authScopes: (ctx) => ({
      admin: ctx.auth.kind === "admin",
      member: ctx.auth.kind === "tenant" || ctx.auth.kind === "agent",
      tenantKey: ctx.auth.kind === "tenant",
    }),
    unauthorizedError: (_parent, ctx) =>
      new GraphQLError(
        ctx.auth.kind === "anonymous"
          ? "authentication required: send Authorization: Bearer <api key>"
          : "this key is not allowed to do that",
        {
          extensions: { code: ctx.auth.kind === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN" },
        },
      ),
  },
});

const MAX_NODE_IDS = 100;

/**
 * `node`/`nodes`: an id that does not exist, or that row-level security hides (another
 * tenant's), resolves to null, so the two cannot be told apart. The drizzle loader rejects a
 * missing row with "Model … not found"; any other failure is still an error.
 */
async function nodeOrNull(
  ctx: Context,
  info: GraphQLResolveInfo,
  id: { typename: string; id: string },
): Promise<unknown> {
  try {
    const [node] = await resolveNodes(builder, ctx, info, [id]);
    return node ?? null;
  } catch (error) {
    if (error instanceof Error && /^Model \w+\(.*\) not found$/s.test(error.message)) return null;
    throw error;
  }
}

builder.queryType({});
builder.mutationType({});
