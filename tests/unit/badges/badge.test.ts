import { describe, expect, it } from "vitest";
import {
  describeBadge,
  isValidLabel,
  parseBadgeQuery,
  renderBadgeSvg,
  toShieldsJson,
} from "@/lib/badges/badge";
import { type HealthSummary, TAG_STATUSES, type TagStatus } from "@/lib/health/types";
import { parseXml } from "./xml";

/** A summary of tags with these statuses, newest first, as lib/health would count them. */
function summary(statuses: TagStatus[], partial: Partial<HealthSummary> = {}): HealthSummary {
  const counts = Object.fromEntries(TAG_STATUSES.map((status) => [status, 0])) as Record<
    TagStatus,
    number
  >;
  for (const status of statuses) counts[status] += 1;
  return {
    total: statuses.length,
    counts,
    flagged: statuses.filter((status) => status !== "healthy" && status !== "run-pending").length,
    worst: TAG_STATUSES.find((status) => status !== "healthy" && counts[status] > 0) ?? "healthy",
    latestTag: null,
    latestRelease: null,
    ...partial,
  };
}

const SHIELDS_KEYS = [
  "schemaVersion",
  "label",
  "message",
  "color",
  "cacheSeconds",
  "isError",
  "namedLogo",
  "labelColor",
];

describe("describeBadge on the demo scenario", () => {
  it("healthy-lib, whose tags all shipped, shows its latest release in green", () => {
    const health = summary(["healthy", "healthy", "healthy"], {
      latestTag: "v2.0.0-rc.1",
      latestRelease: "v2.0.0-rc.1",
    });
    expect(describeBadge(health, "ok")).toEqual({
      label: "release",
      message: "v2.0.0-rc.1",
      color: "green",
    });
  });

  it("old-archived, released long ago, is still green with its one tag", () => {
    const health = summary(["healthy"], { latestTag: "v0.9.0", latestRelease: "v0.9.0" });
    expect(describeBadge(health, "ok").message).toBe("v0.9.0");
  });

  it("classic-cli, with two bot-pushed tags that never ran, counts them in red", () => {
    const health = summary(["not-triggered", "not-triggered", "healthy"], {
      latestTag: "v0.1.2",
      latestRelease: "v0.1.0",
    });
    expect(describeBadge(health, "ok")).toEqual({
      label: "release",
      message: "2 tags unreleased",
      color: "red",
    });
  });

  it.each<[string, TagStatus[]]>([
    ["pattern-mismatch (not-triggered)", ["not-triggered", "healthy"]],
    ["draft-app (draft-release)", ["draft-release", "healthy"]],
    ["partial-assets (missing-assets)", ["missing-assets", "healthy"]],
    ["token-release (missing-assets)", ["missing-assets", "healthy"]],
    ["goreleaser-tool (missing-assets)", ["missing-assets", "healthy"]],
    ["disabled-workflow (not-triggered)", ["not-triggered", "healthy"]],
  ])("%s has one flagged tag: singular", (_, statuses) => {
    expect(describeBadge(summary(statuses, { latestTag: "v1.1.0" }), "ok")).toMatchObject({
      message: "1 tag unreleased",
      color: "red",
    });
  });

  it("failed-build counts both failed runs; bulk-tags counts all four silent tags", () => {
    expect(describeBadge(summary(["run-failed", "healthy", "run-failed"]), "ok").message).toBe(
      "2 tags unreleased",
    );
    const bulk = summary([
      "healthy",
      "not-triggered",
      "not-triggered",
      "not-triggered",
      "not-triggered",
    ]);
    expect(describeBadge(bulk, "ok").message).toBe("4 tags unreleased");
  });

  it("slow-pipeline, with a release run in progress and nothing flagged, is blue and building", () => {
    const health = summary(["run-pending", "healthy"], {
      latestTag: "v3.1.0",
      latestRelease: "v3.0.0",
    });
    expect(describeBadge(health, "ok", { pendingTag: "v3.1.0" })).toEqual({
      label: "release",
      message: "v3.1.0 building",
      color: "blue",
    });
    // Without the pending tag's name it falls back to the newest tag.
    expect(describeBadge(health, "ok").message).toBe("v3.1.0 building");
  });

  it("a flagged tag outranks a pending run", () => {
    const health = summary(["run-pending", "run-failed"], { latestTag: "v3.1.0" });
    expect(describeBadge(health, "ok", { pendingTag: "v3.1.0" })).toMatchObject({
      message: "1 tag unreleased",
      color: "red",
    });
  });

  it("no-tags has a grey 'no tags' badge", () => {
    expect(describeBadge(summary([]), "ok")).toEqual({
      label: "release",
      message: "no tags",
      color: "lightgrey",
    });
  });

  it("a very long tag name is shortened rather than stretching the README", () => {
    const tag = `v1.0.0-${"x".repeat(200)}`;
    const { message } = describeBadge(
      summary(["healthy"], { latestTag: tag, latestRelease: tag }),
      "ok",
    );
    expect([...message].length).toBeLessThanOrEqual(48);
    expect(message.endsWith("…")).toBe(true);
  });
});

describe("describeBadge when there is no health to show", () => {
  it.each([
    ["not-configured", "not configured", "lightgrey"],
    ["not-found", "not found", "lightgrey"],
    ["invalid", "invalid repository", "lightgrey"],
    ["unavailable", "unavailable", "orange"],
  ] as const)("%s says %s", (state, message, color) => {
    expect(describeBadge(null, state)).toEqual({ label: "release", message, color });
  });

  it("an invalid query names the part, never the value", () => {
    expect(describeBadge(null, "invalid", { invalid: "style" }).message).toBe("invalid style");
  });
});

describe("label override", () => {
  it("replaces the label and keeps the message", () => {
    const health = summary(["healthy"], { latestTag: "v1.0.0", latestRelease: "v1.0.0" });
    expect(describeBadge(health, "ok", { label: "shipped" })).toEqual({
      label: "shipped",
      message: "v1.0.0",
      color: "green",
    });
    expect(describeBadge(null, "not-found", { label: "shipped" }).label).toBe("shipped");
  });

  it("accepts up to 40 characters, no control characters", () => {
    expect(isValidLabel("a".repeat(40))).toBe(true);
    expect(isValidLabel("ü".repeat(40))).toBe(true);
    expect(isValidLabel("a".repeat(41))).toBe(false);
    expect(isValidLabel("line\nbreak")).toBe(false);
    expect(isValidLabel("")).toBe(true);
  });
});

describe("parseBadgeQuery", () => {
  const parse = (query: string) => parseBadgeQuery(new URLSearchParams(query));

  it("defaults to a flat SVG labelled release", () => {
    expect(parse("")).toEqual({ ok: true, query: { format: "svg", style: "flat", label: null } });
  });

  it.each(["flat", "flat-square", "for-the-badge"])("accepts style=%s", (style) => {
    expect(parse(`style=${style}`)).toMatchObject({ ok: true, query: { style } });
  });

  it("refuses other styles, formats and over-long labels by name", () => {
    expect(parse("style=plastic")).toEqual({ ok: false, invalid: "style", format: "svg" });
    expect(parse("style=plastic&format=shields")).toEqual({
      ok: false,
      invalid: "style",
      format: "shields",
    });
    expect(parse("format=png")).toEqual({ ok: false, invalid: "format", format: "svg" });
    expect(parse(`label=${"a".repeat(41)}`)).toEqual({
      ok: false,
      invalid: "label",
      format: "svg",
    });
  });

  it("reads format=shields and a label", () => {
    expect(parse("format=shields&label=ship%20it")).toEqual({
      ok: true,
      query: { format: "shields", style: "flat", label: "ship it" },
    });
  });
});

describe("renderBadgeSvg", () => {
  const description = { label: "release", message: "v0.2.1", color: "green" };

  it.each(["flat", "flat-square", "for-the-badge"] as const)(
    "renders well-formed SVG in %s",
    (style) => {
      const svg = renderBadgeSvg(description, style);
      const parsed = parseXml(svg);
      expect(parsed.root).toBe("svg");
      const text = parsed.text.join(" ");
      expect(text).toContain(style === "for-the-badge" ? "V0.2.1" : "v0.2.1");
    },
  );

  it("styles differ", () => {
    const flat = renderBadgeSvg(description, "flat");
    expect(renderBadgeSvg(description, "flat-square")).not.toBe(flat);
    expect(renderBadgeSvg(description, "for-the-badge")).not.toBe(flat);
  });

  it("escapes a label that looks like markup", () => {
    const svg = renderBadgeSvg({ ...description, label: `<script>alert("x")</script>&` });
    expect(svg).not.toContain("<script");
    expect(parseXml(svg).text).toContain(`<script>alert("x")</script>&`);
  });
});

describe("toShieldsJson", () => {
  it("has exactly the keys shields accepts, with cacheSeconds of at least 300", () => {
    const json = toShieldsJson({ label: "release", message: "v0.2.1", color: "green" });
    expect(json).toEqual({
      schemaVersion: 1,
      label: "release",
      message: "v0.2.1",
      color: "green",
      cacheSeconds: 300,
    });
    expect(
      toShieldsJson({ label: "a", message: "b", color: "red" }, { cacheSeconds: 10 }).cacheSeconds,
    ).toBe(300);
  });

  it("marks error badges with isError and nothing else", () => {
    const json = toShieldsJson(describeBadge(null, "not-found"), { isError: true });
    expect(json.isError).toBe(true);
    for (const key of Object.keys(json)) expect(SHIELDS_KEYS).toContain(key);
  });
});
