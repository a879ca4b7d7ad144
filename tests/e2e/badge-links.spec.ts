import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { APP_URL, clickUntilShown, expect, signInWithoutPage, test } from "./fixtures";

// Badge links for private repositories (docs/badges.md), through the real server: Next behind the
// Node server with its warm-badge fast path, the simulator's demo App installed on the private
// octo-maintainer/private-service (v1.0.1 not triggered). Badge requests go through `request`,
// which has no session, as GitHub's image proxy sends them. What needs no browser (the answers to
// a link, rotated, removed or wrong; who may make one) is in tests/integration/http/badges.test.ts.

const PRIVATE = "octo-maintainer/private-service";

/** The page's own POST/DELETE: the signed-in context's cookies and this origin. */
function manage(page: Page, method: "POST" | "DELETE", repository: string): Promise<APIResponse> {
  return page.request.fetch(`/api/repos/${repository}/badge-token`, {
    method,
    headers: { origin: APP_URL },
  });
}

/** The badge's message once the App's first read is in (it runs right after the link is made). */
async function message(request: APIRequestContext, url: string): Promise<string> {
  const response = await request.get(`${url}&format=shields`);
  return response.ok() ? (await response.json()).message : `HTTP ${response.status()}`;
}

/** Status, headers but the date, and body: what must be identical between neutral answers. */
async function answerOf(request: APIRequestContext, url: string) {
  const response = await request.get(url);
  const { date: _date, ...headers } = response.headers();
  return { status: response.status(), headers, body: await response.text() };
}

/** The badge dialog on a repository's page. */
async function openBadgeDialog(page: Page, repository: string) {
  await page.goto(`/${repository}`);
  const dialog = page.getByRole("dialog", { name: "Release health badge" });
  await clickUntilShown(page.getByRole("button", { name: "Badge", exact: true }), dialog);
  return dialog;
}

function tokenIn(markdown: string): string {
  return /[?&]token=(twb_[A-Za-z0-9_-]{43})/.exec(markdown)?.[1] ?? "";
}

test.describe("the badge dialog of a private repository", () => {
  test("a maintainer makes a link, sees it once, rotates it and removes it", async ({
    page,
    context,
    request,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signInWithoutPage(page, "octo-maintainer");
    // The story starts without a link (one from an earlier test is removed; 204 either way).
    expect((await manage(page, "DELETE", PRIVATE)).status()).toBe(204);
    let dialog = await openBadgeDialog(page, PRIVATE);
    await expect(dialog).toContainText(`${PRIVATE} is private`);
    await expect(dialog).toContainText('such as "2 tags unreleased", to anyone who can see');
    await dialog.getByRole("button", { name: "Create a badge link" }).click();

    const markdown = dialog.getByRole("textbox", { name: "Markdown", exact: true });
    await expect(markdown).toHaveValue(
      new RegExp(
        `^\\[!\\[release health\\]\\(${APP_URL}/api/badge/${PRIVATE}\\?token=twb_[A-Za-z0-9_-]{43}\\)\\]\\(${APP_URL}/${PRIVATE}\\)$`,
      ),
    );
    await expect(dialog).toContainText("cannot show this link again");
    const first = await markdown.inputValue();
    const firstUrl = `${APP_URL}/api/badge/${PRIVATE}?token=${tokenIn(first)}`;
    await dialog.getByRole("button", { name: "Copy Markdown" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);
    const shields = dialog.getByRole("textbox", { name: "shields.io Markdown" });
    await expect(shields).toHaveValue(
      `[![release health](https://img.shields.io/endpoint?url=${encodeURIComponent(`${firstUrl}&format=shields`)})](${APP_URL}/${PRIVATE})`,
    );
    await expect(dialog).toContainText("shields.io's servers fetch the link and hold its token");
    const preview = dialog.getByRole("img", { name: `Release health of ${PRIVATE}` });
    await expect
      .poll(() => preview.evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
    // Anyone with the link, without a session: the private repository's status.
    await expect.poll(() => message(request, firstUrl)).toBe("1 tag unreleased");

    // Shown once: reopened, the dialog says a link exists, without it.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    dialog = await openBadgeDialog(page, PRIVATE);
    await expect(dialog).toContainText("A badge link exists since");
    await expect(dialog.getByRole("textbox")).toHaveCount(0);
    expect(await page.content()).not.toContain(tokenIn(first));

    // Rotate: a new link; the old one gets the neutral badge at once.
    await dialog.getByRole("button", { name: "Rotate" }).click();
    const confirm = page.getByRole("dialog", { name: "Rotate the badge link?" });
    await expect(confirm).toContainText("The current link stops working at once");
    await confirm.getByRole("button", { name: "Rotate" }).click();
    await expect(markdown).toHaveValue(/token=twb_/);
    const second = await markdown.inputValue();
    expect(tokenIn(second)).not.toBe(tokenIn(first));
    const secondUrl = `${APP_URL}/api/badge/${PRIVATE}?token=${tokenIn(second)}`;
    const neutral = await answerOf(request, `${APP_URL}/api/badge/octo-maintainer/nope?token=x`);
    expect(await answerOf(request, firstUrl)).toEqual(neutral);
    await expect.poll(() => message(request, secondUrl)).toBe("1 tag unreleased");

    // Remove: the link stops, and Create is offered again.
    await dialog.getByRole("button", { name: "Remove" }).click();
    await page
      .getByRole("dialog", { name: "Remove the badge link?" })
      .getByRole("button", { name: "Remove" })
      .click();
    await expect(dialog.getByRole("button", { name: "Create a badge link" })).toBeVisible();
    await expect(dialog.getByRole("textbox")).toHaveCount(0);
    expect(await answerOf(request, secondUrl)).toEqual(neutral);
  });
});
