import type { HealthJson } from "@/lib/repository/json";
import { DEMO_REPOSITORIES, EXPECTED } from "./demo-expectations";
import { clickUntilShown, expect, signInWithoutPage, test } from "./fixtures";

test.describe("a repository's release health", () => {
  test.beforeEach(async ({ page }) => {
    await signInWithoutPage(page);
  });

  // The JSON API's answer for every demo tag (status, cause, explained findings) is checked in
  // tests/integration/http/repository-api.test.ts; here, what the page shows.
  test("every demo tag shows the status it was built to produce on its repository's page", async ({
    page,
    repositoryPage,
  }) => {
    for (const repository of DEMO_REPOSITORIES) {
      await page.goto(`/${repository}`);
      for (const expected of EXPECTED.filter((candidate) => candidate.repo === repository)) {
        await expect(
          repositoryPage.tag(expected.tag),
          `${repository} ${expected.tag}`,
        ).toHaveAttribute("data-status", expected.status);
      }
    }
  });

  test("the classic case reads not-triggered because github-actions[bot] pushed with GITHUB_TOKEN, with the fix spelled out", async ({
    page,
    repositoryPage,
  }) => {
    await page.goto("/octo-maintainer/classic-cli");
    const row = repositoryPage.tag("v0.1.2");
    await expect(row).toHaveAttribute("data-status", "not-triggered");
    await expect(row).toContainText("github-actions[bot]");
    await expect(row).toContainText(/GITHUB_TOKEN/);
    await expect(row).toContainText(/personal access token|GitHub App/i);
    await expect(row).toContainText("gh workflow run release.yml --ref v0.1.2");
    await expect(repositoryPage.tag("v0.1.0")).toHaveAttribute("data-status", "healthy");
  });

  test("missing assets are named", async ({ page, repositoryPage }) => {
    await page.goto("/release-lab/goreleaser-tool");
    await expect(repositoryPage.tag("v1.0.0")).toContainText("freebsd_amd64");
    await page.goto("/release-lab/partial-assets");
    const row = repositoryPage.tag("v1.1.0");
    await expect(row).toContainText("3 of 6");
    await expect(row).toContainText("partial-assets_1.1.0_darwin_arm64.tar.gz");
  });

  test("a shipped tag is one line, and Details opens what its card shows, by mouse or keyboard", async ({
    page,
    repositoryPage,
  }) => {
    const api = (await (
      await page.request.get("/api/repos/octo-maintainer/healthy-lib/health")
    ).json()) as HealthJson;
    const shipped = api.tags.find((tag) => tag.name === "v1.1.0");
    const run = shipped?.runs[0];
    expect(shipped?.status).toBe("healthy");
    expect(shipped?.expectedAssets?.length).toBeGreaterThan(0);
    await page.goto("/octo-maintainer/healthy-lib");

    const row = repositoryPage.tag("v1.1.0");
    await expect(row).toHaveAttribute("data-status", "healthy");
    const expected = shipped?.expectedAssets?.length;
    await expect(row.getByText("Shipped", { exact: true })).toBeVisible();
    await expect(row.getByText(`${expected} of ${expected} assets`, { exact: true })).toBeVisible();
    // Its name is the link to the release, as in GitHub's list of tags.
    await expect(row.getByRole("link", { name: "v1.1.0", exact: true })).toHaveAttribute(
      "href",
      shipped?.release?.url ?? "",
    );
    await expect(row.getByRole("link", { name: /^View release/ })).toHaveCount(0);
    await expect(row.getByRole("link", { name: /^View run/ })).toHaveAttribute(
      "href",
      run?.url ?? "",
    );
    // The card's detail is not on the page until asked for.
    const commit = row.getByRole("link", { name: `commit ${shipped?.commit.slice(0, 7)}` });
    await expect(commit).toHaveCount(0);
    await expect(row.getByText("Release runs")).toHaveCount(0);

    const details = row.getByRole("button", { name: "Details" });
    await expect(details).toHaveAttribute("aria-expanded", "false");
    await clickUntilShown(details, commit);
    await expect(details).toHaveAttribute("aria-expanded", "true");
    await expect(commit).toHaveAttribute("href", shipped?.commitUrl ?? "");
    await expect(row.getByText("Release runs")).toBeVisible();
    await expect(row).toContainText(`published ${shipped?.release?.publishedAt?.slice(0, 10)}`);
    // The line's link to the newest run, and the detail's to each run.
    await expect(row.getByRole("link", { name: /^View run/ })).toHaveCount(
      1 + (shipped?.runs.length ?? 0),
    );

    // Keyboard: the button keeps focus, Enter closes and opens again.
    await details.focus();
    await page.keyboard.press("Enter");
    await expect(details).toHaveAttribute("aria-expanded", "false");
    await expect(commit).toHaveCount(0);
    await page.keyboard.press("Enter");
    await expect(commit).toBeVisible();

    // A flagged tag of the same page is still a card, its detail shown.
    await page.goto("/octo-maintainer/classic-cli");
    const flagged = repositoryPage.tag("v0.1.2");
    await expect(flagged.getByText("Release runs")).toBeVisible();
    await expect(flagged.getByRole("button", { name: "Details" })).toHaveCount(0);
  });

  test("'Problems only' hides the tags that shipped", async ({ page, repositoryPage }) => {
    await page.goto("/octo-maintainer/classic-cli");
    await expect(repositoryPage.tag("v0.1.0")).toBeVisible();
    await repositoryPage.problemsOnly.click();
    await expect(repositoryPage.tag("v0.1.0")).toHaveCount(0);
    await expect(repositoryPage.tag("v0.1.2")).toBeVisible();
  });

  test("a repository without tags gets an empty state that says what tagwatch looks for", async ({
    page,
  }) => {
    await page.goto("/octo-maintainer/no-tags");
    await expect(page.getByText("No tags yet")).toBeVisible();
  });

  test("an unknown or invisible repository is a real 404, bad names a 400, a known one still streams", async ({
    page,
    repositoryPage,
  }) => {
    // The status is decided before the page streams: link checkers and `curl -f` see the 404.
    for (const path of [
      "octo-maintainer/does-not-exist",
      "octo-maintainer/private-service-typo",
      "acme/no-such-repo",
      "no-such-owner/rocket",
    ]) {
      expect((await repositoryPage.goto(path))?.status(), path).toBe(404);
      await expect(repositoryPage.notFound, path).toBeVisible();
      expect((await page.request.get(`/${path}`)).status(), path).toBe(404);
    }
    expect(
      (await page.request.get("/api/repos/octo-maintainer/does-not-exist/health")).status(),
    ).toBe(404);

    // A known repository answers 200 with its tags (streamed behind a skeleton when GitHub is slow:
    // tests/integration/http/repository-page.test.ts).
    const known = await page.request.get("/octo-maintainer/classic-cli");
    expect(known.status()).toBe(200);
    expect(await known.text()).toContain("Tag v0.1.2");
    expect((await repositoryPage.goto("octo-maintainer/classic-cli"))?.status()).toBe(200);
    await expect(repositoryPage.tag("v0.1.2")).toBeVisible();

    const badOwner = await page.goto("/-bad-/x");
    expect(badOwner?.status()).toBe(400);
    await expect(page.getByRole("heading", { name: "Not a valid GitHub name" })).toBeVisible();
    expect((await page.goto("/octo-maintainer/a%20b"))?.status()).toBe(400);
    expect((await page.request.get("/api/repos/-bad-/x/health")).status()).toBe(400);
    expect((await page.request.get("/api/repos/a/..%2F..%2Fetc/health")).status()).toBe(400);
  });
});
