import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TagCard } from "@/components/repository/tag-card";
import { TagLine } from "@/components/repository/tag-line";
import type { PageTag } from "@/lib/repository/json";

const REPOSITORY = { url: "https://github.com/octo/cli" };

/** v1.2.0 shipped: its release has the six expected assets, its release run succeeded. */
function shipped(partial: Partial<PageTag> = {}): PageTag {
  return {
    name: "v1.2.0",
    commit: "c".repeat(40),
    status: "healthy",
    release: {
      name: "cli 1.2.0",
      url: "releases/tag/v1.2.0",
      draft: false,
      prerelease: false,
      publishedAt: "2026-11-30T11:00:00Z",
      author: "github-actions[bot]",
      assetCount: 6,
    },
    runs: [
      {
        id: 42,
        workflow: "Release",
        workflowPath: ".github/workflows/release.yml",
        event: "push",
        status: "completed",
        conclusion: "success",
        url: "actions/runs/42",
      },
    ],
    findings: [],
    date: "2026-11-30T10:00:00Z",
    annotated: true,
    pushedBy: "octo",
    expectedAssetCount: 6,
    missingAssets: [],
    releaseFile: "release.yml",
    pipelineFix: null,
    action: null,
    ...partial,
  };
}

const line = (tag: PageTag) =>
  renderToStaticMarkup(createElement(TagLine, { tag, repository: REPOSITORY }));
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("a shipped tag's line", () => {
  it("says in one line what shipped, its name linking to the release, the run linked, its detail closed", () => {
    const html = line(shipped());
    expect(html).toMatch(/^<article aria-label="Tag v1\.2\.0" data-status="healthy"/);
    expect(text(html)).toMatch(/^ ?v1\.2\.0 2026-11-30 Shipped 6 of 6 assets View run .*Details/);
    expect(html).toMatch(
      /<a href="https:\/\/github\.com\/octo\/cli\/releases\/tag\/v1\.2\.0"[^>]*>v1\.2\.0<\/a>/,
    );
    expect(html).toContain('href="https://github.com/octo/cli/actions/runs/42"');
    expect(html).toMatch(/<button type="button" aria-expanded="false"[^>]*>Details<\/button>/);
    expect(text(html)).not.toContain("Release runs");
    expect(html).not.toContain("tag-detail-");
  });

  it("is a fraction of the card's markup", () => {
    const tag = shipped();
    const card = renderToStaticMarkup(createElement(TagCard, { tag, repository: REPOSITORY }));
    const elements = (html: string) => html.match(/<[a-z]/g)?.length ?? 0;
    expect(elements(line(tag))).toBeLessThan(elements(card) / 2);
  });

  it("counts the assets of a release nothing says what to expect of, and leaves out absent links", () => {
    const html = line(shipped({ expectedAssetCount: null, runs: [] }));
    expect(text(html)).toContain("6 assets");
    expect(text(html)).not.toContain("of 6");
    expect(html).not.toContain("View run");
  });
});
