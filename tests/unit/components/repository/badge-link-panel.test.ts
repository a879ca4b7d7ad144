import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BadgeLinkPanel } from "@/components/repository/badge-link-panel";
import type { BadgeLinkStatus } from "@/lib/badges/links";

// What the badge dialog of a private repository offers, by who is looking and whether the App can
// serve the link (the story itself, making and rotating a link, is tests/e2e/badge-links.spec.ts).

function status(partial: Partial<BadgeLinkStatus> = {}): BadgeLinkStatus {
  return {
    repository: "acme/api",
    isPrivate: true,
    mayManage: true,
    link: null,
    app: { kind: "installed" },
    ...partial,
  };
}

function render(value: BadgeLinkStatus): string {
  return renderToStaticMarkup(
    createElement(BadgeLinkPanel, {
      owner: "acme",
      repo: "api",
      status: value,
      reload: async () => {},
    }),
  );
}

/** The names of the buttons on the panel (the confirmations' are in closed dialogs). */
function buttons(html: string): string[] {
  const panel = html.split("<dialog")[0] ?? "";
  return [...panel.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((match) => match[1] ?? "");
}

describe("the badge dialog of a private repository", () => {
  it("says what a link reveals, and offers a maintainer Create when the App is installed", () => {
    const html = render(status());
    expect(html).toContain("acme/api is private");
    expect(html).toContain("The link shows the release status text");
    expect(buttons(html)).toEqual(["Create a badge link"]);
  });

  it("once a link exists: when it was made, Rotate and Remove, and never a token", () => {
    const html = render(status({ link: { createdAt: "2026-12-01T10:04:00.000Z" } }));
    expect(html).toContain("A badge link exists since 2026-12-01 10:04 UTC.");
    expect(buttons(html)).toEqual(["Rotate", "Remove"]);
    expect(html).not.toContain("twb_");
    expect(html).not.toContain("<textarea");
  });

  it("without the App on the repository: says so, offers the install link, and no Create", () => {
    const installUrl = "https://github.com/apps/tagwatch/installations/new";
    const html = render(status({ app: { kind: "not-installed", installUrl } }));
    expect(html).toContain("which is not installed on acme/api");
    expect(html).toMatch(
      new RegExp(
        `<a href="${installUrl}" target="_blank" rel="noreferrer"[^>]*>Install the tagwatch App</a>`,
      ),
    );
    expect(buttons(html)).toEqual([]);
  });

  it("without an App on this tagwatch: says so, with nothing to install", () => {
    const html = render(status({ app: { kind: "off" } }));
    expect(html).toContain("this tagwatch has none set up");
    expect(html).not.toContain("Install the tagwatch App");
    expect(buttons(html)).toEqual([]);
  });

  it("for someone who may not make links: who may, and no buttons", () => {
    const html = render(status({ mayManage: false, link: { createdAt: "2026-12-01T10:04:00Z" } }));
    expect(html).toContain("Only admins and maintainers of acme/api can make a badge link.");
    expect(html).toContain("A badge link exists since");
    expect(buttons(html)).toEqual([]);
  });
});
