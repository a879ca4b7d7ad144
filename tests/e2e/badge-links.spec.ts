import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { APP_URL, expect, openDialog, signInWithoutPage, test } from "./fixtures";

// Badge links for private repositories (docs/badges.md), through the real server: Next behind the
// Node server with its warm-badge fast path, the simulator's demo App installed on the private
// octo-maintainer/private-service (v1.0.1 not triggered). Badge requests go through `request`,
// which has no session, as GitHub's image proxy sends them.

const PRIVATE = "octo-maintainer/private-service";

/** The page's own POST/DELETE: the signed-in context's cookies and this origin. */
function manage(page: Page, method: "POST" | "DELETE", repository: string): Promise<APIResponse> {
  return page.request.fetch(`/api/repos/${repository}/badge-token`, {
    method,
    headers: { origin: APP_URL },
  });
}

async function makeLink(page: Page, repository: string): Promise<string> {
  const answer = await manage(page, "POST", repository);
  expect(answer.status()).toBe(201);
  return (await answer.json()).url;
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
  await openDialog(page.getByRole("button", { name: "Badge", exact: true }), dialog);
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

test.describe("badge links for private repositories", () => {
  test("an anonymous request with the link gets the private repository's status; after Rotate, the neutral badge", async ({
    page,
    request,
  }) => {
    await signInWithoutPage(page, "octo-maintainer");
    const url = await makeLink(page, PRIVATE);
    expect(url).toMatch(
      new RegExp(`^${APP_URL}/api/badge/${PRIVATE}\\?token=twb_[A-Za-z0-9_-]{43}$`),
    );
    await expect.poll(() => message(request, url)).toBe("1 tag unreleased");
    const svg = await request.get(url);
    expect(svg.status()).toBe(200);
    expect(svg.headers()["content-type"]).toBe("image/svg+xml; charset=utf-8");
    expect(svg.headers()["cache-control"]).toBe("no-cache");
    const etag = svg.headers().etag ?? "";
    const again = await request.get(url, { headers: { "if-none-match": etag } });
    expect(again.status()).toBe(304);

    const rotated = await makeLink(page, PRIVATE);
    const neutral = await answerOf(request, `${APP_URL}/api/badge/octo-maintainer/nope?token=x`);
    expect(neutral.status).toBe(404);
    expect(await answerOf(request, url)).toEqual(neutral);
    await expect.poll(() => message(request, rotated)).toBe("1 tag unreleased");
  });

  test("the neutral answers are identical: wrong, rotated, removed, another repository's token, no such repository", async ({
    page,
    request,
  }) => {
    await signInWithoutPage(page, "octo-maintainer");
    const rotatedAway = new URL(await makeLink(page, PRIVATE)).searchParams.get("token");
    const current = new URL(await makeLink(page, PRIVATE)).searchParams.get("token");
    const removed = new URL(await makeLink(page, "octo-maintainer/classic-cli")).searchParams.get(
      "token",
    );
    expect((await manage(page, "DELETE", "octo-maintainer/classic-cli")).status()).toBe(204);
    const other = new URL(await makeLink(page, "octo-maintainer/healthy-lib")).searchParams.get(
      "token",
    );
    const base = `${APP_URL}/api/badge`;
    for (const variant of ["", "&format=shields", "&style=flat-square&label=ship"]) {
      const urls = [
        `${base}/${PRIVATE}?token=twb_${"A".repeat(43)}${variant}`,
        `${base}/${PRIVATE}?token=${rotatedAway}${variant}`,
        `${base}/octo-maintainer/classic-cli?token=${removed}${variant}`,
        `${base}/${PRIVATE}?token=${other}${variant}`,
        `${base}/octo-maintainer/does-not-exist?token=${current}${variant}`,
      ];
      const answers = await Promise.all(urls.map((url) => answerOf(request, url)));
      expect(answers[0]?.status).toBe(404);
      for (const [index, answer] of answers.entries())
        expect(answer, urls[index]).toEqual(answers[0]);
      expect(answers[0]?.body).not.toMatch(/private|unreleased|v1\.0/);
    }
    await expect
      .poll(() => message(request, `${base}/${PRIVATE}?token=${current}`))
      .toBe("1 tag unreleased");
  });

  test("a read-only user gets 403 on create", async ({ page, request }) => {
    await signInWithoutPage(page, "octo-reader");
    const refused = await manage(page, "POST", "octo-maintainer/classic-cli");
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toBe(
      "You have read access to octo-maintainer/classic-cli; badge links are made by its admins and maintainers.",
    );
    expect((await manage(page, "DELETE", "octo-maintainer/classic-cli")).status()).toBe(403);
    // A repository the user cannot see is not found, as everywhere else.
    expect((await manage(page, "POST", PRIVATE)).status()).toBe(404);
    // Without a session, and from another site.
    const anonymous = await request.post(`/api/repos/${PRIVATE}/badge-token`, {
      headers: { origin: APP_URL },
    });
    expect(anonymous.status()).toBe(401);
  });

  test("the leak guard knows a badge token once it is handed out, and any badge token it never saw", async ({
    page,
    leakGuard,
  }) => {
    await signInWithoutPage(page, "octo-maintainer");
    const token = new URL(await makeLink(page, PRIVATE)).searchParams.get("token") ?? "";
    const probe = (text: string) => leakGuard.leaksIn([{ where: "probe", text }]);
    expect(await probe(`{"x":"${token}"}`)).toEqual([
      { where: "probe", secret: expect.stringContaining("a badge token") },
    ]);
    expect(await probe(`twb_${"b".repeat(43)}`)).toEqual([
      { where: "probe", secret: expect.stringContaining("a badge token") },
    ]);
  });
});
