/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell and GitHub expressions are literal text here */
import { clickUntilShown, expect, SIM_URL, signIn, test } from "./fixtures";

// The story of issue 12: a tag the auto-release workflow pushed with GITHUB_TOKEN never shipped;
// "Fix the pipeline" opens a pull request that makes the workflow dispatch the release itself;
// after the merge, the next tag the bot pushes ships on its own.

type PushReport = { runs: { workflow: string; ref: string; event: string }[] };

test.describe("fixing the pipeline, not just the tag", () => {
  test("classic-cli: Fix the pipeline -> preview -> pull request -> merged -> the next bot tag ships", async ({
    page,
    simulator,
  }) => {
    // Two sign-ins, a pull request and a release run: longer than the default on a busy machine.
    test.setTimeout(180_000);
    await signIn(page, "octo-maintainer", "/octo-maintainer/classic-cli");
    const row = page.getByRole("article", { name: "Tag v0.1.2", exact: true });
    await expect(row).toHaveAttribute("data-status", "not-triggered");

    let dialog = page.getByRole("dialog", { name: "Fix the pipeline" });
    await clickUntilShown(row.getByRole("button", { name: "Fix the pipeline" }), dialog);
    await expect(
      dialog.getByRole("heading", { name: /Dispatch release\.yml after auto-release\.yml/ }),
    ).toBeVisible();
    await expect(dialog).toContainText("GITHUB_TOKEN");
    const diff = dialog.getByRole("table", {
      name: "Changes to .github/workflows/auto-release.yml",
    });
    await expect(diff).toContainText("gh workflow run release.yml");
    await expect(diff).toContainText("actions: write");

    // Sign-in asked only for read:user repo; writing workflow files needs the workflow scope.
    await dialog.getByRole("button", { name: "Grant workflow access on GitHub" }).click();
    await page.waitForURL(/\/login\/oauth\/authorize/);
    await expect(page.getByText("read:user repo workflow")).toBeVisible();
    await page.getByRole("radio", { name: /octo-maintainer/ }).check();
    await page.getByRole("button", { name: "Authorize", exact: true }).click();
    await page.waitForURL(/\/octo-maintainer\/classic-cli/);

    // Back on the repository: the preview reopens, now able to open the pull request.
    dialog = page.getByRole("dialog", { name: "Fix the pipeline" });
    const openButton = dialog.getByRole("button", { name: "Open pull request" });
    await expect(openButton).toBeEnabled();
    await openButton.click();
    const link = dialog.getByRole("link", { name: "#1" });
    await expect(link).toHaveAttribute("href", `${SIM_URL}/octo-maintainer/classic-cli/pull/1`);

    // Opening it again answers the open pull request instead of a second one.
    const again = await page.request.post("/api/repos/octo-maintainer/classic-cli/pipeline-fix", {
      data: { tag: "v0.1.2" },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(again.status()).toBe(200);
    expect(await again.json()).toMatchObject({ number: 1, existing: true });

    // The maintainer merges it on GitHub; the next tag the bot pushes is released by the new step.
    await simulator.call("POST", "pulls/merge", {
      owner: "octo-maintainer",
      repo: "classic-cli",
      number: 1,
    });
    const report = await simulator.call<PushReport>("POST", "push", {
      owner: "octo-maintainer",
      repo: "classic-cli",
      withGithubToken: true,
      tags: ["v0.1.3"],
    });
    expect(report.runs).toEqual([
      expect.objectContaining({
        workflow: ".github/workflows/release.yml",
        ref: "v0.1.3",
        event: "workflow_dispatch",
      }),
    ]);

    // tagwatch reuses a view for TAGWATCH_CACHE_SECONDS (2 s here): reload until the tag is listed.
    const next = page.getByRole("article", { name: "Tag v0.1.3", exact: true });
    await expect(async () => {
      await page.goto("/octo-maintainer/classic-cli");
      await expect(next).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
    await expect(next).not.toHaveAttribute("data-status", "not-triggered");
    await expect(next).toHaveAttribute("data-status", "healthy", { timeout: 30_000 });
    await expect(next).toContainText("6 of 6");
  });

  test('next-tag-push: git tag -a "v$next" + git push origin main "v$next": the fix records the tag and dispatches it', async ({
    page,
    simulator,
  }) => {
    test.setTimeout(180_000);
    await signIn(page, "octo-maintainer", "/pipeline-zoo/next-tag-push");
    const row = page.getByRole("article", { name: "Tag v1.1.0", exact: true });
    await expect(row).toHaveAttribute("data-status", "not-triggered");

    let dialog = page.getByRole("dialog", { name: "Fix the pipeline" });
    await clickUntilShown(row.getByRole("button", { name: "Fix the pipeline" }), dialog);
    const diff = dialog.getByRole("table", {
      name: "Changes to .github/workflows/auto-release.yml",
    });
    // The tag is only known to the script: recorded right after its push, then dispatched.
    await expect(diff).toContainText('echo pushed-tag="v${next}" >> "$GITHUB_OUTPUT"');
    await expect(diff).toContainText("id: tagging");
    await expect(diff).toContainText("TAG: ${{ steps.tagging.outputs.pushed-tag }}");
    await expect(diff).toContainText("gh workflow run release.yml");

    await dialog.getByRole("button", { name: "Grant workflow access on GitHub" }).click();
    await page.waitForURL(/\/login\/oauth\/authorize/);
    await page.getByRole("radio", { name: /octo-maintainer/ }).check();
    await page.getByRole("button", { name: "Authorize", exact: true }).click();
    await page.waitForURL(/\/pipeline-zoo\/next-tag-push/);
    dialog = page.getByRole("dialog", { name: "Fix the pipeline" });
    await dialog.getByRole("button", { name: "Open pull request" }).click();
    await expect(dialog.getByRole("link", { name: "#1" })).toHaveAttribute(
      "href",
      `${SIM_URL}/pipeline-zoo/next-tag-push/pull/1`,
    );

    // Merged, the workflow now dispatches the release for the next tag the bot pushes.
    await simulator.call("POST", "pulls/merge", {
      owner: "pipeline-zoo",
      repo: "next-tag-push",
      number: 1,
    });
    const report = await simulator.call<PushReport>("POST", "push", {
      owner: "pipeline-zoo",
      repo: "next-tag-push",
      withGithubToken: true,
      tags: ["v1.2.0"],
    });
    expect(report.runs).toEqual([
      expect.objectContaining({
        workflow: ".github/workflows/release.yml",
        ref: "v1.2.0",
        event: "workflow_dispatch",
      }),
    ]);
  });

  test("sourced-script: when tagwatch cannot see the tag, the dialog gives the options in order with the YAML to add", async ({
    page,
    simulator,
  }) => {
    // The tagging scenario (simulator/scenarios/tagging.yaml): its $TAG comes from a sourced script.
    const { scenario } = await simulator.call<{ scenario: string }>("GET", "health");
    await simulator.reset("tagging");
    try {
      await signIn(page, "octo-maintainer", "/tagging-zoo/sourced-script");
      const row = page.getByRole("article", { name: "Tag v1.1.0", exact: true });
      await expect(row).toHaveAttribute("data-status", "not-triggered");
      const dialog = page.getByRole("dialog", { name: "Fix the pipeline" });
      await clickUntilShown(row.getByRole("button", { name: "Fix the pipeline" }), dialog);
      await expect(dialog).toContainText("tagwatch will not open a pull request for v1.1.0");
      await expect(dialog).toContainText("$TAG is set where tagwatch cannot see it");
      await expect(dialog.getByRole("listitem")).toHaveText([
        /^A dispatch step/,
        /^workflow_call/,
        /^A GitHub App token/,
        /^A personal access token/,
      ]);
      const yaml = dialog.locator("pre");
      await expect(yaml).toContainText("actions: write");
      await expect(yaml).toContainText('gh workflow run release.yml --ref "$TAG"');
      await expect(dialog.getByRole("button", { name: "Open pull request" })).toHaveCount(0);
    } finally {
      await simulator.reset(scenario);
    }
  });

  test("a read-only user is not offered the fix, and the endpoint refuses", async ({ page }) => {
    await signIn(page, "octo-reader", "/octo-maintainer/classic-cli");
    const row = page.getByRole("article", { name: "Tag v0.1.2", exact: true });
    await expect(row).toHaveAttribute("data-status", "not-triggered");
    await expect(row.getByRole("button", { name: "Fix the pipeline" })).toHaveCount(0);
    const response = await page.request.post(
      "/api/repos/octo-maintainer/classic-cli/pipeline-fix",
      {
        data: { tag: "v0.1.2" },
        headers: { origin: new URL(page.url()).origin },
      },
    );
    expect(response.status()).toBe(403);
    const crossSite = await page.request.post(
      "/api/repos/octo-maintainer/classic-cli/pipeline-fix",
      {
        data: { tag: "v0.1.2" },
        headers: { origin: "https://evil.example" },
      },
    );
    expect(crossSite.status()).toBe(403);
  });
});
