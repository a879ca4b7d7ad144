// Extracts from GitHub's published descriptions what the simulator is checked against: the REST
// operations tagwatch calls (api.github.com and the newest GitHub Enterprise Server where it
// differs), the webhook deliveries the simulator sends, and GitHub's example payloads of those.
// The packages are large (@octokit/openapi unpacks to ~385 MB), so they are not dependencies:
// this script packs the pinned versions into a temporary folder, reads them, and writes small
// files with their provenance to simulator/openapi/. Run: npx tsx scripts/openapi/extract.ts
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  EXTRACT_DIR,
  LIBRARY_OPERATIONS,
  PACKAGES,
  restOperations,
  WEBHOOK_DELIVERIES,
  webhookKey,
} from "./selection";

type Json = Record<string, unknown>;
type Spec = Json & { components: Record<string, Record<string, unknown>> };

const ROOT = path.resolve(import.meta.dirname, "../..");
const SCHEMA_REF = "#/components/schemas/";

type Pinned = { name: string; version: string };

/** `npm pack` of one pinned package into `dir`: the tarball's path. */
function pack(pkg: Pinned, dir: string): string {
  const name = execFileSync(
    "npm",
    ["pack", `${pkg.name}@${pkg.version}`, "--pack-destination", dir, "--silent"],
    { encoding: "utf8" },
  ).trim();
  return path.join(dir, name);
}

function listTarball(tarball: string): string[] {
  return execFileSync("tar", ["-tzf", tarball], { encoding: "utf8", maxBuffer: 1 << 26 }).split(
    "\n",
  );
}

/** Unpacks only `files` (paths inside the package) of a tarball: the package's folder. */
function unpack(tarball: string, files: string[]): string {
  const target = `${tarball}.d`;
  mkdirSync(target);
  execFileSync("tar", ["-xzf", tarball, "-C", target, ...files.map((file) => `package/${file}`)]);
  return path.join(target, "package");
}

function readJson<T = Json>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

function lookup(spec: Json, ref: string): unknown {
  let node: unknown = spec;
  for (const part of ref.slice(2).split("/")) node = (node as Json)[part.replace(/~1/g, "/")];
  if (node === undefined) throw new Error(`Unresolved ${ref}`);
  return node;
}

/**
 * A copy of an operation with its shared responses, parameters and headers written in place,
 * examples left out; schema references stay references (collected in `schemas`).
 */
function inline(spec: Spec, node: unknown, schemas: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(spec, item, schemas));
  if (!node || typeof node !== "object") return node;
  const ref = (node as Json).$ref;
  if (typeof ref === "string") {
    if (ref.startsWith(SCHEMA_REF)) {
      collectSchema(spec, ref.slice(SCHEMA_REF.length), schemas);
      return node;
    }
    return inline(spec, lookup(spec, ref), schemas);
  }
  const copy: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "examples" || key === "example") continue;
    // Property names are data, not keywords: a property called `example` stays.
    copy[key] =
      key === "properties" && value && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value).map(([name, schema]) => [name, inline(spec, schema, schemas)]),
          )
        : inline(spec, value, schemas);
  }
  return copy;
}

function collectSchema(spec: Spec, name: string, schemas: Set<string>): void {
  if (schemas.has(name)) return;
  schemas.add(name);
  inline(spec, spec.components.schemas?.[name], schemas);
}

function schemaComponents(spec: Spec, names: Set<string>): Json {
  const out: Json = {};
  for (const name of [...names].sort()) {
    out[name] = inline(spec, spec.components.schemas?.[name], new Set());
  }
  return out;
}

function splitOperation(operation: string): [string, string] {
  const [method = "", route = ""] = operation.split(" ");
  return [method.toLowerCase(), route];
}

/** The operations of a description, inlined, with the schemas they reference. */
function restExtract(spec: Spec, operations: string[]) {
  const paths: Record<string, Json> = {};
  // GitHub's error body, for the errors an operation does not list (401, rate limits).
  const schemas = new Set<string>();
  collectSchema(spec, "basic-error", schemas);
  const absent: string[] = [];
  for (const operation of operations) {
    const [method, route] = splitOperation(operation);
    const found = (spec.paths as Record<string, Json>)[route]?.[method];
    if (!found) {
      absent.push(operation);
      continue;
    }
    paths[route] ??= {};
    (paths[route] as Json)[method] = inline(spec, found, schemas);
  }
  return { paths, schemas, absent };
}

/** Keys that do not change what is valid: prose, links, GitHub's own annotations. */
function ignored(key: string): boolean {
  return (
    key === "description" || key === "summary" || key === "externalDocs" || key.startsWith("x-")
  );
}

/** Where two nodes differ for validation, as JSON paths with what each side has. */
function deepDiff(a: unknown, b: unknown, at: string, label: [string, string]): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a === undefined) return [`${at} only on ${label[1]}`];
  if (b === undefined) return [`${at} only on ${label[0]}`];
  const bothObjects =
    a &&
    b &&
    typeof a === "object" &&
    typeof b === "object" &&
    Array.isArray(a) === Array.isArray(b);
  if (!bothObjects)
    return [`${at}: ${JSON.stringify(a)} on ${label[0]}, ${JSON.stringify(b)} on ${label[1]}`];
  // Parameters are told apart by name, not by their place in the list.
  const named = (node: unknown[]) => node.every((item) => typeof (item as Json)?.name === "string");
  if (Array.isArray(a) && Array.isArray(b) && named(a) && named(b)) {
    const byName = (node: unknown[]) =>
      Object.fromEntries(node.map((item) => [(item as Json).name, item]));
    return deepDiff(byName(a), byName(b), at, label);
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter((key) => !ignored(key))
    .flatMap((key) => deepDiff((a as Json)[key], (b as Json)[key], `${at}/${key}`, label));
}

/** How one operation (or webhook) differs between two descriptions; empty: the same. */
function differences(
  a: { spec: Spec; op: Json },
  b: { spec: Spec; op: Json },
  label: [string, string],
): string[] {
  const schemasA = new Set<string>();
  const schemasB = new Set<string>();
  const found = deepDiff(inline(a.spec, a.op, schemasA), inline(b.spec, b.op, schemasB), "", label);
  for (const name of [...new Set([...schemasA, ...schemasB])].sort()) {
    const inA = schemasA.has(name) ? a.spec.components.schemas?.[name] : undefined;
    const inB = schemasB.has(name) ? b.spec.components.schemas?.[name] : undefined;
    found.push(...deepDiff(inA, inB, `schema ${name}`, label));
  }
  return found;
}

function write(file: string, content: unknown): void {
  const target = path.join(ROOT, EXTRACT_DIR, file);
  writeFileSync(target, `${JSON.stringify(content, null, 1)}\n`);
  console.log(`wrote ${path.relative(ROOT, target)} (${readFileSync(target).length} bytes)`);
}

function provenance(pkg: Pinned, source: string, extra: Json) {
  return {
    package: `${pkg.name}@${pkg.version}`,
    source,
    extracted: new Date().toISOString().slice(0, 10),
    extractor: "scripts/openapi/extract.ts (selection: scripts/openapi/selection.ts)",
    ...extra,
  };
}

function newestGhes(files: string[], pattern: RegExp): string {
  const versions = files
    .map((file) => pattern.exec(file)?.[1])
    .filter((version): version is string => Boolean(version))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const newest = versions.at(-1);
  if (!newest) throw new Error("No GHES description in the package");
  return newest;
}

/** A pinned package's api.github.com description and its newest GHES one. */
function readDescriptions(pkg: Pinned, dir: string) {
  const tarball = pack(pkg, dir);
  const ghes = newestGhes(listTarball(tarball), /generated\/ghes-([\d.]+)\.json$/);
  const dotcomFile = "generated/api.github.com.json";
  const ghesFile = `generated/ghes-${ghes}.json`;
  const root = unpack(tarball, [dotcomFile, ghesFile]);
  return {
    ghes,
    dotcomFile,
    ghesFile,
    dotcom: readJson<Spec>(path.join(root, dotcomFile)),
    enterprise: readJson<Spec>(path.join(root, ghesFile)),
  };
}

function extractRest(dir: string): void {
  const pkg = PACKAGES.rest;
  const { ghes, dotcomFile, ghesFile, dotcom, enterprise } = readDescriptions(pkg, dir);
  const operations = restOperations(ROOT);

  const main = restExtract(dotcom, operations);
  if (main.absent.length) throw new Error(`Not in ${dotcomFile}: ${main.absent.join(", ")}`);
  write("api.github.com.json", {
    "x-provenance": provenance(pkg, dotcomFile, {
      operations,
      calledThroughLibraries: LIBRARY_OPERATIONS,
    }),
    openapi: dotcom.openapi,
    info: dotcom.info,
    paths: main.paths,
    components: { schemas: schemaComponents(dotcom, main.schemas) },
  });

  const differing: Record<string, string[]> = {};
  const absent: string[] = [];
  for (const operation of operations) {
    const [method, route] = splitOperation(operation);
    const a = (dotcom.paths as Record<string, Json>)[route]?.[method] as Json;
    const b = (enterprise.paths as Record<string, Json>)[route]?.[method] as Json | undefined;
    if (!b) {
      absent.push(operation);
      continue;
    }
    const found = differences({ spec: dotcom, op: a }, { spec: enterprise, op: b }, [
      "api.github.com",
      `GHES ${ghes}`,
    ]);
    if (found.length) differing[operation] = found;
  }
  const kept = restExtract(enterprise, Object.keys(differing));
  write(`ghes-${ghes}.json`, {
    "x-provenance": provenance(pkg, ghesFile, {
      note: `Only the operations whose description differs from api.github.com's; the others are the same on GHES ${ghes} (descriptions aside).`,
      operations: Object.keys(differing),
      differences: differing,
      absentOnGhes: absent,
    }),
    openapi: enterprise.openapi,
    info: enterprise.info,
    paths: kept.paths,
    components: { schemas: schemaComponents(enterprise, kept.schemas) },
  });
}

function extractWebhooks(dir: string): void {
  const pkg = PACKAGES.webhooks;
  const { ghes, dotcomFile, ghesFile, dotcom, enterprise } = readDescriptions(pkg, dir);
  const webhooks: Json = {};
  const schemas = new Set<string>();
  const differing: Record<string, string[]> = {};
  for (const delivery of WEBHOOK_DELIVERIES) {
    const key = webhookKey(delivery);
    const item = (dotcom.webhooks as Record<string, Json>)[key];
    if (!item) throw new Error(`No webhook ${key} in ${dotcomFile}`);
    webhooks[key] = inline(dotcom, item, schemas);
    const other = (enterprise.webhooks as Record<string, Json>)[key];
    if (!other) differing[delivery] = [`not sent by GHES ${ghes}`];
    else {
      const found = differences(
        { spec: dotcom, op: item.post as Json },
        { spec: enterprise, op: other.post as Json },
        ["api.github.com", `GHES ${ghes}`],
      );
      if (found.length) differing[delivery] = found;
    }
  }
  write("webhooks.json", {
    "x-provenance": provenance(pkg, dotcomFile, {
      deliveries: WEBHOOK_DELIVERIES,
      ghes: {
        source: ghesFile,
        note: "How these deliveries' descriptions differ on the newest GHES (not extracted: the simulator sends api.github.com's payloads).",
        differences: differing,
      },
    }),
    openapi: dotcom.openapi,
    info: dotcom.info,
    webhooks,
    components: { schemas: schemaComponents(dotcom, schemas) },
  });
}

type ExampleEvent = { name: string; examples: Json[] };

function extractExamples(dir: string): void {
  const pkg = PACKAGES.examples;
  const file = "api.github.com/index.json";
  const root = unpack(pack(pkg, dir), [file]);
  const events = readJson<ExampleEvent[]>(path.join(root, file));
  const examples: Record<string, Json[]> = {};
  for (const delivery of WEBHOOK_DELIVERIES) {
    const [event, action] = delivery.split(".");
    const found = events.find((candidate) => candidate.name === event)?.examples ?? [];
    examples[delivery] = found.filter((example) => !action || example.action === action);
  }
  write("webhook-examples.json", {
    "x-provenance": provenance(pkg, file, {
      note: "GitHub's example payloads of the deliveries the simulator sends (none for some actions).",
      deliveries: WEBHOOK_DELIVERIES,
    }),
    examples,
  });
}

const dir = mkdtempSync(path.join(tmpdir(), "tagwatch-openapi-"));
try {
  extractRest(dir);
  extractWebhooks(dir);
  extractExamples(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
