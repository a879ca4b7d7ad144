import {
  type DocumentNode,
  type FieldNode,
  GraphQLInt,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromAST,
} from "graphql";

// GitHub's GraphQL limits: the pagination rule, the cost formula, the node limit, and the answer
// once a viewer's points are used up.

export type CostResult = { cost: number; nodeCount: number; errors: Record<string, unknown>[] };

/**
 * GitHub's rules: every connection needs `first` or `last` (1..100); cost = sum over connections
 * of the requests needed assuming full pages (product of the ancestors' page sizes), / 100,
 * rounded, at least 1.
 */
export function analyzeQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): CostResult {
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION
        ? [[definition.name.value, definition] as const]
        : [],
    ),
  );
  const errors: Record<string, unknown>[] = [];
  let requests = 0;
  let nodeCount = 0;

  const intArg = (field: FieldNode, name: string): number | null => {
    const arg = field.arguments?.find((candidate) => candidate.name.value === name);
    if (!arg) return null;
    const value = valueFromAST(arg.value, GraphQLInt, variables);
    return typeof value === "number" ? value : null;
  };

  const walk = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLNamedType,
    multiplier: number,
    path: string[],
    seen: Set<string>,
  ) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) ?? parentType)
          : parentType;
        walk(selection.selectionSet, type, multiplier, path, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value) ?? parentType;
        walk(
          fragment.selectionSet,
          type,
          multiplier,
          path,
          new Set([...seen, fragment.name.value]),
        );
        continue;
      }
      if (!(isObjectType(parentType) || isInterfaceType(parentType))) continue;
      const fieldName = selection.name.value;
      const definition = (parentType as GraphQLObjectType | GraphQLInterfaceType).getFields()[
        fieldName
      ];
      if (!definition) continue;
      const type = getNamedType(definition.type);
      const responseKey = selection.alias?.value ?? fieldName;
      let childMultiplier = multiplier;
      if (type.name.endsWith("Connection")) {
        const first = intArg(selection, "first");
        const last = intArg(selection, "last");
        const pageSize = first ?? last;
        if (pageSize === null) {
          errors.push({
            type: "MISSING_PAGINATION_BOUNDARIES",
            path: [...path, responseKey],
            locations: selection.loc
              ? [{ line: selection.loc.startToken.line, column: selection.loc.startToken.column }]
              : [],
            message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${fieldName}\` connection.`,
          });
          continue;
        }
        if (pageSize < 1 || pageSize > 100) {
          const argument = first !== null ? "first" : "last";
          errors.push({
            type: "EXCESSIVE_PAGINATION",
            path: [...path, responseKey],
            locations: selection.loc
              ? [{ line: selection.loc.startToken.line, column: selection.loc.startToken.column }]
              : [],
            message:
              pageSize > 100
                ? `Requesting ${pageSize} records on the \`${fieldName}\` connection exceeds the \`${argument}\` limit of 100 records.`
                : `\`${argument}\` on the \`${fieldName}\` connection must be between 1 and 100.`,
          });
          continue;
        }
        requests += multiplier;
        childMultiplier = multiplier * pageSize;
        nodeCount += childMultiplier;
      }
      if (selection.selectionSet) {
        const named =
          isUnionType(type) || isInterfaceType(type) || isObjectType(type) ? type : null;
        if (named)
          walk(selection.selectionSet, named, childMultiplier, [...path, responseKey], seen);
      }
    }
  };

  const root =
    operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (root) walk(operation.selectionSet, root, 1, [], new Set());
  if (nodeCount > 500_000) {
    errors.push({
      type: "MAX_NODE_LIMIT_EXCEEDED",
      message: `This query requests up to ${nodeCount.toLocaleString("en-US")} possible nodes which exceeds the maximum limit of 500,000.`,
    });
  }
  return { cost: Math.max(1, Math.round(requests / 100)), nodeCount, errors };
}

// -----------------------------------------------------------------------------------------------
// Execution

export type RateLimitState = { limit: number; used: number; resetAt: number };

export type RateLimitShape = "current" | "legacy";

/** GitHub's used-up GraphQL limit error: github.com's shape today, or the older `RATE_LIMITED`. */
export function rateLimitError(shape: RateLimitShape, viewerId: number): Record<string, string> {
  return shape === "legacy"
    ? { type: "RATE_LIMITED", message: `API rate limit exceeded for user ID ${viewerId}.` }
    : {
        type: "RATE_LIMIT",
        code: "graphql_rate_limit",
        message: `API rate limit already exceeded for user ID ${viewerId}.`,
      };
}
