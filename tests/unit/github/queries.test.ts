import { readdirSync } from "node:fs";
import path from "node:path";
import { validate } from "@octokit/graphql-schema";
import { describe, expect, it } from "vitest";

// Every query the app sends must be valid against GitHub's published schema: a field GitHub does
// not have fails here, not in production.
const directory = path.resolve(__dirname, "../../../lib/github/queries");
const files = readdirSync(directory).filter((file) => file.endsWith(".ts"));

describe("GraphQL queries", () => {
  it("finds the query modules", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`${file}: every exported query is valid against GitHub's schema`, async () => {
      const module = (await import(path.join(directory, file))) as Record<string, unknown>;
      const queries = Object.entries(module).filter(
        ([name, value]) => name.endsWith("_QUERY") && typeof value === "string",
      );
      expect(queries.length).toBeGreaterThan(0);
      for (const [name, text] of queries) {
        expect(validate(text as string).map((error) => `${name}: ${error.message}`)).toEqual([]);
      }
    });
  }

  it("rejects a field GitHub does not have (the check can fail)", () => {
    expect(
      validate(
        '{ repository(owner: "a", name: "b") { releases(first: 1) { nodes { assets { totalCount } } } } }',
      ),
    ).not.toEqual([]);
  });
});
