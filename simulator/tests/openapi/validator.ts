import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { EXTRACT_DIR, WEBHOOK_DELIVERIES, webhookKey } from "../../../scripts/openapi/selection";

// Checks the simulator's answers and deliveries against GitHub's own descriptions, as extracted
// into simulator/openapi/ (scripts/openapi/extract.ts). The descriptions are OpenAPI 3.0; Ajv
// speaks JSON Schema, so `nullable` is rewritten the way OpenAPI 3.1 spells it.

type Json = Record<string, unknown>;
type Description = Json & {
  "x-provenance": Json;
  paths?: Record<string, Record<string, Json>>;
  webhooks?: Record<string, { post: Json }>;
  components: { schemas: Record<string, unknown> };
};

const ROOT = path.resolve(import.meta.dirname, "../../..");

export function readExtract(file: string): Description {
  return JSON.parse(readFileSync(path.join(ROOT, EXTRACT_DIR, file), "utf8")) as Description;
}

/** The extract of the newest GHES description (its version is in the name). */
export function ghesFile(): string {
  const file = readdirSync(path.join(ROOT, EXTRACT_DIR)).find((name) =>
    /^ghes-[\d.]+\.json$/.test(name),
  );
  if (!file) throw new Error(`No GHES extract in ${EXTRACT_DIR}`);
  return file;
}

/**
 * Where @octokit/openapi's copy of GitHub's description says what GitHub does not do, each with
 * its reason; everything else is taken as written.
 */
const CORRECTIONS: { what: string; applies(node: Json): boolean; fix(node: Json): Json }[] = [
  {
    what:
      "An installation's account is a user or an enterprise, not both: @octokit/openapi writes " +
      "GitHub's anyOf as allOf on GET /app/installations for its TypeScript types " +
      "(github/rest-api-description#2497); the installation schema itself keeps anyOf.",
    applies: (node) =>
      Array.isArray(node.allOf) &&
      node.allOf.map((part: Json) => part.title).join() === "Simple User,Enterprise",
    fix: ({ allOf, ...rest }) => ({ ...rest, anyOf: allOf }),
  },
  {
    what:
      "GitHub's oneOf lists are not exclusive (a private user is also a public user, a plain " +
      "error body fits both error shapes of a 409): read as anyOf, as GitHub means them.",
    applies: (node) => Array.isArray(node.oneOf),
    fix: ({ oneOf, ...rest }) => ({ ...rest, anyOf: oneOf }),
  },
];

/** OpenAPI 3.0's `nullable: true` as JSON Schema; component references re-pointed at `base`. */
function toJsonSchema(input: unknown, base: string): unknown {
  if (Array.isArray(input)) return input.map((item) => toJsonSchema(item, base));
  if (!input || typeof input !== "object") return input;
  const correction = CORRECTIONS.find((candidate) => candidate.applies(input as Json));
  const node = correction ? correction.fix(input as Json) : input;
  const { nullable, ...rest } = node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === "$ref" && typeof value === "string")
      out.$ref = value.replace("#/components/schemas/", `${base}#/definitions/`);
    else if (key === "properties" && value && typeof value === "object")
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema, base)]),
      );
    else out[key] = toJsonSchema(value, base);
  }
  if (nullable !== true) return out;
  if (typeof out.type === "string" && !out.$ref) {
    const nullableType: Json = { ...out, type: [out.type, "null"] };
    if (Array.isArray(out.enum) && !out.enum.includes(null))
      nullableType.enum = [...out.enum, null];
    return nullableType;
  }
  return { anyOf: [out, { type: "null" }] };
}

function newAjv(): Ajv {
  // strict: false lets GitHub's annotations (x-github, discriminator notes) pass as unknown keywords.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  return ajv;
}

function describeErrors(validate: ValidateFunction, where: string): string[] {
  return (validate.errors ?? []).slice(0, 40).map((error) => {
    const detail =
      error.keyword === "additionalProperties"
        ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
        : error.keyword === "enum"
          ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})`
          : "";
    return `${where}${error.instancePath || "/"} ${error.message}${detail}`;
  });
}

/** One description loaded into Ajv: its component schemas under `definitions`. */
function load(file: string) {
  const description = readExtract(file);
  const base = `https://tagwatch.test/${file}`;
  const ajv = newAjv();
  ajv.addSchema({
    $id: base,
    definitions: toJsonSchema(description.components.schemas, base),
  });
  const compiled = new Map<string, ValidateFunction>();
  const compile = (key: string, schema: unknown): ValidateFunction => {
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(toJsonSchema(schema, base) as Json);
      compiled.set(key, validate);
    }
    return validate;
  };
  return { description, compile };
}

/** GitHub's error body; it always says what went wrong. */
const ERROR_BODY = {
  allOf: [{ $ref: "#/components/schemas/basic-error" }, { required: ["message"] }],
};

export type RestAnswer = { status: number; headers: Headers; body: unknown };

/**
 * A REST description: `check(operation, answer)` lists where an answer disagrees with it (none:
 * it agrees). A status the operation does not list is still allowed for errors (GitHub's
 * descriptions leave out 401s and rate limits) if its body is GitHub's error body.
 */
export function restDescription(file: string) {
  const { description, compile } = load(file);
  const operations = (): string[] =>
    Object.entries(description.paths ?? {}).flatMap(([route, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${route}`),
    );

  function check(operation: string, answer: RestAnswer): string[] {
    const [method = "", route = ""] = operation.split(" ");
    const op = description.paths?.[route]?.[method.toLowerCase()];
    if (!op) return [`${operation} is not in ${file}`];
    const where = `${operation} ${answer.status}: `;
    const responses = op.responses as Record<string, Json>;
    const response = responses[String(answer.status)];
    if (!response) {
      if (answer.status < 400) return [`${where}GitHub does not answer ${answer.status} here`];
      const validate = compile("error", ERROR_BODY);
      return validate(answer.body) ? [] : describeErrors(validate, where);
    }
    const problems: string[] = [];
    const content = response.content as Record<string, { schema: unknown }> | undefined;
    const json = content?.["application/json"];
    if (!json) {
      if (answer.body !== null && answer.body !== "")
        problems.push(`${where}GitHub answers no body here`);
    } else {
      if (!answer.headers.get("content-type")?.startsWith("application/json"))
        problems.push(`${where}content-type ${answer.headers.get("content-type")}`);
      const validate = compile(`${operation} ${answer.status}`, json.schema);
      if (!validate(answer.body)) problems.push(...describeErrors(validate, where));
    }
    // GitHub says where a created resource lives.
    const headers = (response.headers ?? {}) as Json;
    if ("Location" in headers && !answer.headers.get("location"))
      problems.push(`${where}no Location header`);
    return problems;
  }

  return { file, description, operations, check };
}

export type ReceivedDelivery = { headers: Record<string, string | undefined>; body: string };

/** The description's key of a delivery: `workflow_run.completed`, `push`. */
export function deliveryName(event: string, payload: Json): string {
  const withAction = `${event}.${String(payload.action)}`;
  return (WEBHOOK_DELIVERIES as readonly string[]).includes(withAction) ? withAction : event;
}

/**
 * The webhooks description: `check(received)` lists where a delivery's headers (the ones GitHub
 * marks required) and payload disagree with it.
 */
export function webhookDescription(file = "webhooks.json") {
  const { description, compile } = load(file);

  function check(received: ReceivedDelivery): string[] {
    const event = received.headers["x-github-event"] ?? "";
    const payload = JSON.parse(received.body) as Json;
    const name = deliveryName(event, payload);
    const item = description.webhooks?.[webhookKey(name)];
    if (!item) return [`${name} is not in ${file}`];
    const where = `${name}: `;
    const problems: string[] = [];
    for (const parameter of (item.post.parameters ?? []) as Json[]) {
      if (parameter.in !== "header" || parameter.required !== true) continue;
      const header = String(parameter.name);
      if (!received.headers[header.toLowerCase()]) problems.push(`${where}no ${header} header`);
    }
    const body = item.post.requestBody as { content: Record<string, { schema: unknown }> };
    const schema = body.content["application/json"]?.schema;
    const validate = compile(name, schema);
    if (!validate(payload)) problems.push(...describeErrors(validate, where));
    return problems;
  }

  return { description, check };
}
