import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  LIBRARY_OPERATIONS,
  operationsInCode,
  PACKAGES,
  WEBHOOK_DELIVERIES,
  webhookKey,
} from "../../scripts/openapi/selection";
import { ghesFile, readExtract, restDescription } from "./openapi/validator";

// The committed extract of GitHub's descriptions (simulator/openapi/) must hold everything the
// app calls and the simulator sends, from the pinned packages: when the code calls a new REST
// operation, this fails until `npx tsx scripts/openapi/extract.ts` is run again.

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("the OpenAPI extract is up to date", () => {
  const rest = readExtract("api.github.com.json");
  const described = restDescription("api.github.com.json").operations();

  it("holds every REST operation the app's code names, and those it calls through libraries", () => {
    const called = operationsInCode(ROOT);
    // The scan finds the code's calls (a guard against a scan that finds nothing).
    expect(called).toContain(
      "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
    );
    expect(called.filter((operation) => !described.includes(operation))).toEqual([]);
    const libraries = LIBRARY_OPERATIONS.map(({ operation }) => operation);
    expect(libraries.filter((operation) => !described.includes(operation))).toEqual([]);
  });

  it("lists its operations and where they come from", () => {
    const provenance = rest["x-provenance"];
    expect(provenance.package).toBe(`${PACKAGES.rest.name}@${PACKAGES.rest.version}`);
    expect(provenance.source).toBe("generated/api.github.com.json");
    expect([...(provenance.operations as string[])].sort()).toEqual([...described].sort());
  });

  it("keeps the GHES operations that differ, each with what differs", () => {
    const ghes = readExtract(ghesFile());
    const provenance = ghes["x-provenance"];
    expect(provenance.package).toBe(`${PACKAGES.rest.name}@${PACKAGES.rest.version}`);
    const operations = restDescription(ghesFile()).operations();
    expect(operations.filter((operation) => !described.includes(operation))).toEqual([]);
    const differences = provenance.differences as Record<string, string[]>;
    expect(Object.keys(differences).sort()).toEqual([...operations].sort());
    for (const found of Object.values(differences)) expect(found.length).toBeGreaterThan(0);
  });

  it("holds every webhook delivery the simulator sends, and GitHub's examples of them", () => {
    const webhooks = readExtract("webhooks.json");
    expect(webhooks["x-provenance"].package).toBe(
      `${PACKAGES.webhooks.name}@${PACKAGES.webhooks.version}`,
    );
    expect(webhooks["x-provenance"].deliveries).toEqual(WEBHOOK_DELIVERIES);
    expect(Object.keys(webhooks.webhooks ?? {}).sort()).toEqual(
      WEBHOOK_DELIVERIES.map(webhookKey).sort(),
    );
    const examples = readExtract("webhook-examples.json");
    expect(examples["x-provenance"].package).toBe(
      `${PACKAGES.examples.name}@${PACKAGES.examples.version}`,
    );
    expect(Object.keys(examples.examples as object).sort()).toEqual([...WEBHOOK_DELIVERIES].sort());
  });
});
