import { APP_URL, expect, signIn, test } from "./fixtures";

// Real pipelines: a release workflow with inputs is dispatched with the tag filled in, and a
// default that would publish nothing is caught and shown for review before anything is sent.

type Dispatch = { owner: string; repo: string; workflow: string; ref: string; inputs: unknown };

async function dispatches(simulator: {
  call: <T>(method: string, path: string) => Promise<T>;
}): Promise<Dispatch[]> {
  const body = await simulator.call<{ dispatches: Dispatch[] }>("GET", "dispatches");
  return body.dispatches;
}

test.describe("real pipelines", () => {
  test("a workflow with a required tag input is re-dispatched from the page with the tag filled in", async ({
    page,
    simulator,
  }) => {
    await signIn(page, "octo-maintainer", "/pipeline-zoo/required-input");
    const row = page.getByRole("article", { name: "Tag v1.1.0", exact: true });
    await expect(row).toHaveAttribute("data-status", "not-triggered");
    await expect(row).toContainText("-f tag=v1.1.0");

    await row.getByRole("button", { name: /^Re-dispatch release\.yml on v1\.1\.0/ }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("textbox", { name: /tag/ })).toHaveValue("v1.1.0");
    await expect(dialog).toContainText("carries the tag");
    await dialog.getByRole("button", { name: "Dispatch" }).click();

    await expect(row).toHaveAttribute("data-status", "healthy", { timeout: 30_000 });
    const sent = (await dispatches(simulator)).filter(
      (dispatch) => dispatch.repo === "required-input",
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.ref).toBe("v1.1.0");
    expect(sent[0]?.inputs).toEqual({ tag: "v1.1.0" });
  });

  test("a dry-run default is caught and shown for review; only the reviewed inputs are sent", async ({
    page,
    simulator,
  }) => {
    await signIn(page, "octo-maintainer", "/pipeline-zoo/dry-run-switch");
    const row = page.getByRole("article", { name: "Tag v1.1.0", exact: true });
    await expect(row).toHaveAttribute("data-status", "not-triggered");

    // Without the person's review, the endpoint refuses and nothing reaches GitHub.
    const refused = await page.request.post("/api/repos/pipeline-zoo/dry-run-switch/dispatch", {
      data: { tag: "v1.1.0", workflow: "release.yml" },
      headers: { origin: APP_URL },
    });
    expect(refused.status()).toBe(422);
    expect((await refused.json()).error.message).toContain("dry-run");
    // An undeclared input is refused before GitHub sees it.
    const unknown = await page.request.post("/api/repos/pipeline-zoo/dry-run-switch/dispatch", {
      data: { tag: "v1.1.0", workflow: "release.yml", inputs: { tag: "v1.1.0", channel: "x" } },
      headers: { origin: APP_URL },
    });
    expect(unknown.status()).toBe(422);
    expect((await unknown.json()).error.message).toContain("Unexpected inputs: channel");
    expect(await dispatches(simulator)).toEqual([]);

    await row
      .getByRole("button", { name: /^Review and re-dispatch release\.yml on v1\.1\.0/ })
      .click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("note")).toContainText("dry-run");
    await expect(dialog.getByRole("note")).toContainText("without publishing");
    const dryRun = dialog.getByRole("combobox", { name: /dry-run/ });
    await expect(dryRun).toHaveValue("false");
    await expect(dialog.getByRole("textbox", { name: /tag/ })).toHaveValue("v1.1.0");
    await dialog.getByRole("button", { name: "Dispatch" }).click();

    await expect(row).toHaveAttribute("data-status", "healthy", { timeout: 30_000 });
    const sent = await dispatches(simulator);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.inputs).toEqual({ tag: "v1.1.0", "dry-run": "false" });
  });

  test("a release bot's failed run is re-run, never dispatched on the tag", async ({ page }) => {
    await signIn(page, "octo-maintainer", "/pipeline-zoo/release-please-bot");
    const row = page.getByRole("article", { name: "Tag v1.2.0", exact: true });
    await expect(row).toHaveAttribute("data-status", "run-failed");
    await expect(row.getByRole("button", { name: /^Re-dispatch/ })).toHaveCount(0);
    await row.getByRole("button", { name: /^Re-run/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Re-run" }).click();
    await expect(row).toHaveAttribute("data-status", "healthy", { timeout: 30_000 });
  });
});
