import { describe, expect, it } from "vitest";
import { getCompleteReleases, getExpectedAssets } from "@/lib/health/expected-assets";
import { ago, binaries, release, run, shipped, snapshot, tag } from "./factories";
import { healthOf, tagOf } from "./helpers";

const goreleaser = (version: string, extra: string[] = []) => [
  ...binaries(version, "tool"),
  ...extra,
];

describe("expected assets", () => {
  it("come from the tag's own checksums manifest, which names an archive that was never uploaded", () => {
    const listed = goreleaser("1.0.0", ["tool_1.0.0_freebsd_amd64.tar.gz"]);
    const input = snapshot({
      tags: [tag({ name: "v1.0.0", runs: [run()] })],
      releases: [
        release({ tagName: "v1.0.0", assetNames: [...goreleaser("1.0.0"), "checksums.txt"] }),
      ],
      manifests: { "v1.0.0": listed },
    });
    const health = tagOf(input, "v1.0.0");
    expect(health.status).toBe("missing-assets");
    expect(health.missingAssets).toEqual(["tool_1.0.0_freebsd_amd64.tar.gz"]);
    expect(health.expectedAssets).toContain("checksums.txt");
    expect(health.expectedAssets).toHaveLength(8);
    expect(health.findings[0]?.message).toContain("listed in checksums.txt");
  });

  it("come from .github/tagwatch.yml globs, with {version} filled in, reported by pattern", () => {
    const config = `expected-assets:\n  - "tool_{version}_linux_*.tar.gz"\n  - "tool_{version}_freebsd_*.tar.gz"\n`;
    const input = snapshot({
      tags: [tag({ name: "v1.2.0", runs: [run()] })],
      releases: [release({ tagName: "v1.2.0", assetNames: goreleaser("1.2.0") })],
      tagwatchConfig: config,
    });
    const health = tagOf(input, "v1.2.0");
    expect(health.expectedAssets).toEqual([
      "tool_1.2.0_linux_*.tar.gz",
      "tool_1.2.0_freebsd_*.tar.gz",
    ]);
    expect(health.missingAssets).toEqual(["tool_1.2.0_freebsd_*.tar.gz"]);
    expect(health.status).toBe("missing-assets");
  });

  it("prefer the config over a checksums manifest", () => {
    const input = snapshot({
      tags: [tag({ name: "v1.0.0", runs: [run()] })],
      releases: [release({ tagName: "v1.0.0", assetNames: goreleaser("1.0.0") })],
      manifests: { "v1.0.0": ["tool_1.0.0_plan9_amd64.tar.gz"] },
      tagwatchConfig: "expected-assets: ['tool_{version}_*']",
    });
    expect(tagOf(input, "v1.0.0").status).toBe("healthy");
  });

  it("take options over the config file", () => {
    const input = snapshot({
      tags: [tag({ name: "v1.0.0", runs: [run()] })],
      releases: [release({ tagName: "v1.0.0", assetNames: goreleaser("1.0.0") })],
      tagwatchConfig: "expected-assets: ['tool_{version}_*']",
    });
    const health = healthOf(input, { globs: ["tool_{version}.deb"] });
    expect(health.tags[0]?.missingAssets).toEqual(["tool_1.0.0.deb"]);
  });

  it("ignore an invalid .github/tagwatch.yml with a note instead of throwing", () => {
    const v100 = shipped("v1.0.0", 20);
    const input = snapshot({
      tags: [v100.tag],
      releases: [v100.release],
      tagwatchConfig: "expected-assets: [unclosed",
    });
    const health = healthOf(input);
    expect(health.notes.some((note) => note.includes(".github/tagwatch.yml"))).toBe(true);
    expect(health.tags[0]?.status).toBe("healthy");
  });

  it("are the previous complete release's names with the version swapped", () => {
    const v100 = shipped("v1.0.0", 20);
    const health = tagOf(
      snapshot({ tags: [tag({ name: "v1.1.0" }), v100.tag], releases: [v100.release] }),
      "v1.1.0",
    );
    expect(health.expectedAssets).toEqual(binaries("1.1.0"));
  });

  it("are unknown when there is nothing to compare with, so a release without assets is fine", () => {
    const input = snapshot({
      tags: [tag({ name: "v0.1.0", runs: [run()] })],
      releases: [release({ tagName: "v0.1.0", assets: [] })],
    });
    const health = tagOf(input, "v0.1.0");
    expect(health.expectedAssets).toBeNull();
    expect(health.status).toBe("healthy");
  });

  it("use the nearest complete release after a tag older than any complete release", () => {
    const v100 = shipped("v1.0.0", 20);
    const input = snapshot({
      tags: [v100.tag, tag({ name: "v0.9.0", taggedAt: ago(40), runs: [run()] })],
      releases: [v100.release, release({ tagName: "v0.9.0", createdAt: ago(40), assets: [] })],
    });
    const health = tagOf(input, "v0.9.0");
    expect(health.expectedAssets).toEqual(binaries("0.9.0"));
    expect(health.status).toBe("missing-assets");
  });

  it("skip incomplete releases and drafts as baselines", () => {
    const releases = [
      release({ tagName: "v1.3.0", createdAt: ago(1), isDraft: true }),
      release({ tagName: "v1.2.0", createdAt: ago(2) }),
      release({ tagName: "v1.1.0", createdAt: ago(3), assetNames: binaries("1.1.0").slice(0, 3) }),
      release({ tagName: "v1.0.0", createdAt: ago(4) }),
    ];
    expect(getCompleteReleases(releases).map((candidate) => candidate.tagName)).toEqual([
      "v1.0.0",
      "v1.2.0",
    ]);
  });

  it("report nothing missing when GitHub paged the asset list", () => {
    const result = getExpectedAssets({
      tagName: "v1.1.0",
      tagDate: ago(1),
      release: release({ tagName: "v1.1.0", assetNames: ["a.zip"], assetCount: 150 }),
      globs: ["b.zip"],
      manifest: undefined,
      completeReleases: [],
    });
    expect(result.missing).toEqual([]);
  });
});
