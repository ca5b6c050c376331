// Postgres cannot store U+0000 in text or jsonb, so a NUL in any input string would fail deep
// inside a query as an "unexpected error". Refuse it up front as bad input instead.
import { BREAK, type DocumentNode, GraphQLError, visit } from "graphql";
import type { Plugin } from "graphql-yoga";

/** True if any string (or object key) in a JSON value contains NUL; iterative, so deep input cannot overflow the stack. */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.includes("\0")) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        if (key.includes("\0")) return true;
        stack.push(item);
      }
    }
  }
  return false;
}

function documentContainsNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes("\0")) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

export function useNulGuard<C extends Record<string, unknown>>(): Plugin<C> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (containsNul(args.variableValues) || documentContainsNul(args.document)) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError("strings must not contain the NUL character (U+0000)", {
              extensions: { code: "BAD_USER_INPUT" },
            }),
          ],
        });
      }
    },
  };
}
