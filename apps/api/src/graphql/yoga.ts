// The GraphQL server: yoga with armor limits, masked unexpected errors, and every operation
// run inside one transaction scoped to the caller's tenant (rolled back if anything failed).
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { setTenant } from "@herald/db";
import { type ExecutionResult, GraphQLError, NoSchemaIntrospectionCustomRule } from "graphql";
import { createYoga, type Plugin, useErrorHandler } from "graphql-yoga";
import { AuthenticationError, authenticate } from "../auth.js";
import { type Context, type Services, tenantOf } from "../context.js";
import { introspectionDepthRule } from "./introspection-depth.js";
import { useNulGuard } from "./nul-guard.js";
import { schema } from "./schema/index.js";

class Rollback extends Error {
  constructor(readonly result: unknown) {
    super("rollback");
  }
}

/** Wraps execution in a transaction with `app.tenant_id` set, so RLS sees only the caller's rows. */
function useTenantTransaction(): Plugin<Context> {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        const ctx = args.contextValue as Context;
        const tenantId = tenantOf(ctx.auth);
        try {
          return await ctx.services.db.transaction(async (tx) => {
            if (tenantId) await setTenant(tx, tenantId);
            ctx.db = tx;
            const result = (await executeFn(args)) as ExecutionResult;
            // A partial failure must not leave a partial write.
            if (result.errors?.length) throw new Rollback(result);
            return result;
          });
        } catch (error) {
          if (error instanceof Rollback) return error.result as ExecutionResult;
          throw error;
        }
      });
    },
  };
}

export function createGraphQLServer(services: Services) {
  const { config } = services;
  return createYoga<{ services?: Services }, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: config.graphiql ? { title: "Herald GraphQL" } : false,
    landingPage: false,
    logging: false,
    maskedErrors: true,
    context: async ({ request }): Promise<Context> => {
      let auth: Context["auth"];
      try {
        auth = await authenticate(services, request.headers.get("authorization"));
      } catch (error) {
        if (error instanceof AuthenticationError) {
          throw new GraphQLError(error.message, {
            extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
          });
        }
        throw error;
      }
      return { services, auth, db: services.db };
    },
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: 10 },
        maxAliases: { n: 15 },
        maxTokens: { n: 2000 },
        costLimit: { maxCost: 5000 },
        maxDirectives: { n: 20 },
        blockFieldSuggestion: { enabled: !config.introspection ? true : false },
      }),
      {
        onValidate: ({ addValidationRule }) => {
          addValidationRule(introspectionDepthRule());
          if (!config.introspection) addValidationRule(NoSchemaIntrospectionCustomRule);
        },
      } as Plugin,
      useNulGuard(),
      useTenantTransaction(),
      useErrorHandler(({ errors }) => {
        for (const error of errors) {
          const original = (error as GraphQLError).originalError;
          if (original && !(original instanceof GraphQLError)) {
            services.log.error("graphql.unexpected_error", { error: original });
          }
        }
      }),
    ],
  });
}
