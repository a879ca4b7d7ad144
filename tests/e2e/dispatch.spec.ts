import { APP_URL, clickUntilShown, expect, SIM_URL, signIn, test } from "./fixtures";
import { RepositoryPage } from "./pages/repository-page";

const APP = APP_URL;

test.describe("fixing a tag from its row", () => {
  test.beforeEach(async ({ simulator }) => {
    await simulator.reset();
  });

  test("re-dispatching v0.1.2 of the classic repository turns it pending, then shipped with all six assets", async ({
    page,
    repositoryPage,
  }) => {
    await signIn(page, "octo-maintainer", "/octo-maintainer/classic-cli");
    const row = repositoryPage.tag("v0.1.2");
    await expect(row).toHaveAttribute("data-status", "not-triggered");

    const dialog = page.getByRole("dialog");
    await clickUntilShown(
      row.getByRole("button", { name: /^Re-dispatch release\.yml on v0\.1\.2/ }),
      dialog,
    );
    await expect(dialog).toContainText("release.yml");
    await expect(dialog).toContainText("v0.1.2");
    await dialog.getByRole("button", { name: "Dispatch" }).click();

    await expect(row).toHaveAttribute("data-status", "run-pending", { timeout: 15_000 });
    await expect(row).toHaveAttribute("data-status", "healthy", { timeout: 30_000 });
    await expect(row).toContainText("6 of 6");
    await expect(row.getByRole("link", { name: /View run/ }).first()).toBeVisible();
  });

  test("a second tab that still offers the dispatch is refused with the reason and catches up; GitHub gets one dispatch", async ({
    page,
    repositoryPage,
    simulator,
  }) => {
    await signIn(page, "octo-maintainer", "/octo-maintainer/classic-cli");
    const other = await page.context().newPage();
    await other.goto("/octo-maintainer/classic-cli");
    const otherRow = new RepositoryPage(other).tag("v0.1.2");
    await expect(otherRow).toHaveAttribute("data-status", "not-triggered");
    const redispatch = { name: /^Re-dispatch release\.yml on v0\.1\.2/ };
    // The other tab is ready to confirm, as someone who opened the page a while ago.
    await clickUntilShown(otherRow.getByRole("button", redispatch), other.getByRole("dialog"));

    const row = repositoryPage.tag("v0.1.2");
    await clickUntilShown(row.getByRole("button", redispatch), page.getByRole("dialog"));
    await page.getByRole("dialog").getByRole("button", { name: "Dispatch" }).click();
    await expect(row).not.toHaveAttribute("data-status", "not-triggered", { timeout: 15_000 });

    const answered = other.waitForResponse((response) => response.url().endsWith("/dispatch"));
    await other.getByRole("dialog").getByRole("button", { name: "Dispatch" }).click();
    const answer = await answered;
    expect(answer.status()).toBe(409);
    // Refused because the run is queued or running, or (it is short here) has already shipped,
    // or because the first press is still being sent.
    expect((await answer.json()).error.message).toMatch(
      /^(release\.yml is already (queued|running) on v0\.1\.2|v0\.1\.2 (has shipped|was dispatched moments ago))/,
    );
    // The refusal refreshes that tab, long before its one-minute poll would.
    await expect(otherRow).not.toHaveAttribute("data-status", "not-triggered", {
      timeout: 15_000,
    });
    const dispatched = await simulator.call<{ dispatches: { repo: string; ref: string }[] }>(
      "GET",
      "dispatches",
    );
    expect(
      dispatched.dispatches
        .filter((entry) => entry.repo === "classic-cli")
        .map((entry) => entry.ref),
    ).toEqual(["v0.1.2"]);
    await other.close();
  });

  test("re-running a failed run ships the tag", async ({ page, repositoryPage }) => {
    await signIn(page, "octo-maintainer", "/octo-maintainer/failed-build");
    const row = repositoryPage.tag("v2.1.0");
    await expect(row).toHaveAttribute("data-status", "run-failed");
    const dialog = page.getByRole("dialog");
    await clickUntilShown(row.getByRole("button", { name: /^Re-run/ }), dialog);
    await dialog.getByRole("button", { name: "Re-run" }).click();
    await expect(row).toHaveAttribute("data-status", "healthy", { timeout: 30_000 });
  });

  test("a run older than 30 days is offered a dispatch, not a re-run", async ({
    page,
    repositoryPage,
  }) => {
    await signIn(page, "octo-maintainer", "/octo-maintainer/failed-build");
    const row = repositoryPage.tag("v1.9.0");
    await expect(row.getByRole("button", { name: /^Re-dispatch/ })).toBeVisible();
    await expect(row.getByRole("button", { name: /^Re-run/ })).toHaveCount(0);
  });

  test("a read-only user sees why they cannot dispatch, and the endpoint refuses with 403", async ({
    page,
    repositoryPage,
  }) => {
    await signIn(page, "octo-reader", "/octo-maintainer/classic-cli");
    const row = repositoryPage.tag("v0.1.2");
    await expect(row.getByRole("button", { name: /^Re-dispatch/ })).toBeDisabled();
    await expect(row).toContainText(/read access/i);
    const response = await page.request.post("/api/repos/octo-maintainer/classic-cli/dispatch", {
      data: { tag: "v0.1.2", workflow: "release.yml" },
      headers: { origin: APP },
    });
    expect(response.status()).toBe(403);
    expect((await response.json()).error.message).toMatch(/write access/);
  });

  test("a workflow without workflow_dispatch gets the explanation and the YAML to add", async ({
    page,
    repositoryPage,
  }) => {
    await signIn(page, "octo-maintainer", "/octo-maintainer/pattern-mismatch");
    const row = repositoryPage.tag("1.1.0");
    await expect(row.getByRole("button", { name: /^Re-dispatch/ })).toBeDisabled();
    await expect(row).toContainText("workflow_dispatch");
    await expect(row.locator("pre")).toContainText("workflow_dispatch:");
    await expect(
      row.getByRole("link", { name: /\.github\/workflows\/release\.yml/ }),
    ).toHaveAttribute(
      "href",
      `${SIM_URL}/octo-maintainer/pattern-mismatch/blob/1.1.0/.github/workflows/release.yml`,
    );
  });

  test("the bulk action fixes both of the classic repository's not-triggered tags", async ({
    page,
    repositoryPage,
  }) => {
    await signIn(page, "octo-maintainer", "/octo-maintainer/classic-cli");
    // A click before the page hydrated does nothing: clickUntilShown clicks again until it opens.
    const dialog = page.getByRole("dialog");
    await clickUntilShown(
      page.getByRole("button", { name: "Re-dispatch all 2 not-triggered tags" }),
      dialog,
    );
    await dialog.getByRole("button", { name: /Dispatch 2 runs/ }).click();
    await expect(
      page.getByRole("status").filter({ hasText: /Done: 2 of 2 dispatched/ }),
    ).toBeVisible({ timeout: 20_000 });
    for (const name of ["v0.1.1", "v0.1.2"]) {
      await expect(repositoryPage.tag(name)).toHaveAttribute("data-status", "healthy", {
        timeout: 30_000,
      });
    }
  });
});
