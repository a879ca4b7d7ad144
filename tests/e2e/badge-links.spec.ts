import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { APP_URL, expect, signIn, test } from "./fixtures";

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

test.describe("badge links for private repositories", () => {
  test("an anonymous request with the link gets the private repository's status; after Rotate, the neutral badge", async ({
    page,
    request,
  }) => {
    await signIn(page, "octo-maintainer");
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
    await signIn(page, "octo-maintainer");
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
    await signIn(page, "octo-reader");
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
    await signIn(page, "octo-maintainer");
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
