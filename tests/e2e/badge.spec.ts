import type { Page } from "@playwright/test";
import { DEMO_BADGES as BADGES } from "./demo-expectations";
import { expect, signIn, test } from "./fixtures";

// README badges through the real Next server, read with the badge bot's token (scripts/with-simulator.ts).

/** The SVG's text nodes, parsed as XML by the browser; throws when it is not well-formed. */
async function svgText(page: Page, svg: string): Promise<string[]> {
  return page.evaluate((source) => {
    const document = new DOMParser().parseFromString(source, "image/svg+xml");
    if (document.querySelector("parsererror") || document.documentElement.localName !== "svg") {
      throw new Error(`not a well-formed SVG: ${source.slice(0, 200)}`);
    }
    return [...document.querySelectorAll("text")].map((node) => node.textContent ?? "");
  }, svg);
}

test.describe("the release-health badge", () => {
  test("every demo repository's badge says what its tags did, as SVG and as shields JSON", async ({
    page,
    request,
  }) => {
    for (const [repository, message, color] of BADGES) {
      const response = await request.get(`/api/badge/${repository}`);
      expect(response.status(), repository).toBe(200);
      expect(response.headers()["content-type"]).toBe("image/svg+xml; charset=utf-8");
      expect(await svgText(page, await response.text()), repository).toContain(message);

      const json = await (await request.get(`/api/badge/${repository}?format=shields`)).json();
      expect(json, repository).toEqual({
        schemaVersion: 1,
        label: "release",
        message,
        color,
        cacheSeconds: 300,
      });
    }
  });

  test("the headers suit camo and a CDN, and a matching ETag gets 304", async ({ request }) => {
    const first = await request.get("/api/badge/octo-maintainer/healthy-lib?style=for-the-badge");
    const headers = first.headers();
    expect(headers["cache-control"]).toBe("max-age=0, s-maxage=300, stale-while-revalidate=600");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["content-security-policy"]).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    const etag = headers.etag ?? "";
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await request.get("/api/badge/octo-maintainer/healthy-lib?style=for-the-badge", {
      headers: { "if-none-match": etag },
    });
    expect(again.status()).toBe(304);
    expect(again.headers().etag).toBe(etag);
    expect((await again.body()).length).toBe(0);
  });

  test("a private repository is indistinguishable from one that does not exist", async ({
    request,
  }) => {
    for (const query of ["", "?format=shields", "?style=flat-square&label=ship"]) {
      const hidden = await request.get(`/api/badge/octo-maintainer/private-service${query}`);
      const missing = await request.get(`/api/badge/octo-maintainer/does-not-exist${query}`);
      expect(hidden.status()).toBe(404);
      expect(missing.status()).toBe(404);
      const { date: _hiddenDate, ...hiddenHeaders } = hidden.headers();
      const { date: _missingDate, ...missingHeaders } = missing.headers();
      expect(hiddenHeaders).toEqual(missingHeaders);
      expect(await hidden.text()).toBe(await missing.text());
      expect(await hidden.text()).toContain("not found");
    }
  });

  test("needs no sign-in, and refuses bad input with a 400 badge", async ({ page, request }) => {
    const invalid = await request.get("/api/badge/-nope-/repo");
    expect(invalid.status()).toBe(400);
    expect(await svgText(page, await invalid.text())).toContain("invalid repository");
    expect(
      (await request.get("/api/badge/octo-maintainer/healthy-lib?style=plastic")).status(),
    ).toBe(400);
    expect(
      (
        await request.get(`/api/badge/octo-maintainer/healthy-lib?label=${"x".repeat(41)}`)
      ).status(),
    ).toBe(400);
  });

  test("GitHub being down gives an 'unavailable' badge, never a 500", async ({
    request,
    simulator,
  }) => {
    await simulator.faults({ failures: [{ pathPrefix: "/api/", status: 503, count: 100 }] });
    const response = await request.get("/api/badge/release-lab/not-loaded-yet?format=shields");
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ message: "unavailable", isError: true });
  });

  test("the Badge button hands out a Markdown snippet that links back here", async ({
    page,
    context,
    baseURL,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signIn(page, "octo-maintainer");
    await page.goto("/octo-maintainer/healthy-lib");
    const button = page.getByRole("button", { name: "Badge", exact: true });
    await button.click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    const markdown = `[![release health](${baseURL}/api/badge/octo-maintainer/healthy-lib)](${baseURL}/octo-maintainer/healthy-lib)`;
    await expect(dialog.getByRole("textbox", { name: "Markdown" })).toHaveValue(markdown);
    await expect(dialog.getByRole("textbox", { name: "HTML" })).toHaveValue(
      /<img alt="release health"/,
    );
    await dialog.getByRole("button", { name: "Copy Markdown" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(markdown);
    const preview = dialog.getByRole("img", {
      name: /Release health of octo-maintainer\/healthy-lib/,
    });
    await expect
      .poll(() => preview.evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(button).toBeFocused();
  });
});
