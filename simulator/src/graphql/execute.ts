import {
  buildClientSchema,
  type DocumentNode,
  defaultFieldResolver,
  execute,
  type GraphQLError,
  type GraphQLSchema,
  getVariableValues,
  type IntrospectionQuery,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from "graphql";
import { iso } from "../state/model";
import type { World } from "../state/world";
import { TypedGraphQLError } from "./connection";
import { analyzeQuery, type RateLimitState, rateLimitError } from "./cost";
import { createGraph, queryRoot } from "./root";

// GitHub's GraphQL API over the World: GitHub's real schema (@octokit/graphql-schema), parsed,
// validated, checked against GitHub's limits (cost.ts), then run with graphql-js's default
// resolvers over the node objects of nodes/ (wired in root.ts).

let cachedSchema: GraphQLSchema | null = null;

/** GitHub's schema, built once per process (~0.1 s). */
export async function loadSchema(): Promise<GraphQLSchema> {
  if (cachedSchema) return cachedSchema;
  const module = await import("@octokit/graphql-schema");
  cachedSchema = buildClientSchema(module.schema.json as unknown as IntrospectionQuery);
  return cachedSchema;
}
export type GraphQLResponseBody = { data?: unknown; errors?: Record<string, unknown>[] };

export type GraphQLRequest = { query?: unknown; variables?: unknown; operationName?: unknown };

export type GraphQLOutcome = {
  body: GraphQLResponseBody;
  cost: number;
  operationName: string | null;
  rateLimited: boolean;
};

function locationsOf(error: GraphQLError) {
  return error.locations?.map(({ line, column }) => ({ line, column }));
}

/** Runs one GraphQL request for `viewer`, charging its cost to `limits`. */
export async function runGraphQL(options: {
  schema: GraphQLSchema;
  world: World;
  viewer: string;
  viewerId: number;
  base: string;
  request: GraphQLRequest;
  limits: RateLimitState;
  /** Fault injection: these fields fail the way GitHub fails a field the token may not read. */
  failingFields?: string[];
}): Promise<GraphQLOutcome> {
  const { schema, request, limits } = options;
  const operationName = typeof request.operationName === "string" ? request.operationName : null;
  const fail = (errors: Record<string, unknown>[]): GraphQLOutcome => ({
    body: { errors },
    cost: 0,
    operationName,
    rateLimited: false,
  });
  if (typeof request.query !== "string" || !request.query.trim())
    return fail([{ message: "A query attribute must be specified and must be a string." }]);
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    const graphError = error as GraphQLError;
    return fail([{ message: graphError.message, locations: locationsOf(graphError) }]);
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) {
    return fail(
      validationErrors.map((error) => ({ locations: locationsOf(error), message: error.message })),
    );
  }
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((candidate) => candidate.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation)
    return fail([
      {
        message: operationName
          ? `Unknown operation named "${operationName}".`
          : "An operation name is required when the document has several operations.",
      },
    ]);
  const name = operation.name?.value ?? operationName;
  if (operation.operation !== "query")
    return fail([{ message: "The simulator supports queries only." }]);
  const rawVariables = (
    request.variables && typeof request.variables === "object" ? request.variables : {}
  ) as Record<string, unknown>;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (coerced.errors)
    return {
      ...fail(
        coerced.errors.map((error) => ({ message: error.message, locations: locationsOf(error) })),
      ),
      operationName: name,
    };
  const analysis = analyzeQuery(schema, document, operation, coerced.coerced);
  if (analysis.errors.length > 0) return { ...fail(analysis.errors), operationName: name };

  const now = Date.now();
  if (now >= limits.resetAt) {
    limits.used = 0;
    limits.resetAt = now + 3_600_000;
  }
  if (limits.used + analysis.cost > limits.limit) {
    return {
      body: {
        errors: [rateLimitError("current", options.viewerId)],
      },
      cost: 0,
      operationName: name,
      rateLimited: true,
    };
  }
  limits.used += analysis.cost;

  const graph = createGraph(options.world, options.viewer, options.base);
  const rootValue = queryRoot(graph, () => ({
    cost: analysis.cost,
    limit: limits.limit,
    used: limits.used,
    remaining: Math.max(0, limits.limit - limits.used),
    resetAt: iso(limits.resetAt),
    nodeCount: analysis.nodeCount,
  }));
  const failing = new Set(options.failingFields ?? []);
  const result = await execute({
    schema,
    document,
    rootValue,
    variableValues: rawVariables,
    operationName: name ?? undefined,
    fieldResolver:
      failing.size === 0
        ? undefined
        : (source, args, context, info) => {
            if (failing.has(info.fieldName)) {
              throw new TypedGraphQLError("FORBIDDEN", "Resource not accessible by integration");
            }
            return defaultFieldResolver(source, args, context, info);
          },
  });
  const body: GraphQLResponseBody = { data: result.data ?? null };
  if (result.errors?.length) {
    body.errors = result.errors.map((error) => {
      const original = error.originalError;
      const typed = original instanceof TypedGraphQLError ? original : null;
      return {
        ...(typed ? { type: typed.type } : {}),
        path: error.path,
        locations: locationsOf(error),
        message: error.message,
      };
    });
  }
  return { body, cost: analysis.cost, operationName: name, rateLimited: false };
}
