// A depth limit for introspection. graphql-armor's maxDepth and costLimit skip everything under
// `__schema`, so `types { fields { type { fields { type … } } } }` could nest without bound.
// Counted with fragments inlined, the standard introspection query (GraphiQL, codegen) is 15
// deep; 20 leaves room for clients that ask for deeper `ofType` chains.
import {
  type ASTNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type ValidationRule,
} from "graphql";

export const MAX_INTROSPECTION_DEPTH = 20;

export function introspectionDepthRule(max = MAX_INTROSPECTION_DEPTH): ValidationRule {
  return (context) => {
    const memo = new Map<string, number>();
    const depth = (node: ASTNode, inProgress: Set<string>): number => {
      if (node.kind === Kind.FRAGMENT_SPREAD) {
        const name = node.name.value;
        const known = memo.get(name);
        if (known !== undefined) return known;
        const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(name);
        // A fragment cycle is reported by NoFragmentCyclesRule; here it just stops counting.
        if (!fragment || inProgress.has(name)) return 0;
        inProgress.add(name);
        const d = depth(fragment, inProgress);
        inProgress.delete(name);
        memo.set(name, d);
        return d;
      }
      if (!("selectionSet" in node) || !node.selectionSet) return 0;
      let deepest = 0;
      for (const child of node.selectionSet.selections) {
        const d = depth(child, inProgress) + (child.kind === Kind.FIELD ? 1 : 0);
        if (d > deepest) deepest = d;
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const found = depth(operation, new Set());
        if (found > max) {
          context.reportError(
            new GraphQLError(`Query depth limit of ${max} exceeded, found ${found}.`, {
              nodes: [operation],
            }),
          );
        }
      },
    };
  };
}
