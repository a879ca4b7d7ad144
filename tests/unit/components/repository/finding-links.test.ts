import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TagCard } from "@/components/repository/tag-card";
import { LinkedText } from "@/components/ui/linked-text";
import type { PageTag } from "@/lib/repository/json";

const RUN_URL = "https://github.com/octo/cli/actions/runs/42";

function tagWith(findings: PageTag["findings"]): PageTag {
  return {
    name: "v1.0.0",
    commit: "a".repeat(40),
    status: "run-failed",
    release: null,
    runs: [],
    findings,
    date: "2026-11-30T10:00:00Z",
    annotated: false,
    pushedBy: "octo",
    expectedAssetCount: null,
    missingAssets: [],
    releaseFile: null,
    pipelineFix: null,
    action: null,
  };
}

describe("URLs in findings and hints", () => {
  it("turn into links, leaving the sentence's punctuation outside", () => {
    const html = renderToStaticMarkup(
      createElement(LinkedText, { text: `The run failed (${RUN_URL}). See ${RUN_URL}.` }),
    );
    expect(html).toContain(`<a href="${RUN_URL}" target="_blank" rel="noreferrer"`);
    expect(html).toContain(">github.com/octo/cli/actions/runs/42</a>).");
    expect(html).not.toMatch(/>https:\/\//);
  });

  it("leave text without URLs as it is", () => {
    expect(renderToStaticMarkup(createElement(LinkedText, { text: "No run <yet>" }))).toBe(
      "No run &lt;yet&gt;",
    );
  });

  it("a finding's links are shown as links under its hint", () => {
    const html = renderToStaticMarkup(
      createElement(TagCard, {
        tag: tagWith([
          {
            code: "run-failed",
            message: "The release run failed.",
            hint: "Read the log, fix the workflow, then re-run.",
            links: [{ label: "Run log", url: RUN_URL }],
          },
        ]),
        repository: { url: "https://github.com/octo/cli" },
      }),
    );
    expect(html).toMatch(new RegExp(`<a href="${RUN_URL}"[^>]*>Run log`));
  });
});
