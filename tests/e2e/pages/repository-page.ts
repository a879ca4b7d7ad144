import type { Locator, Page, Response } from "@playwright/test";

/** The repository page as a user finds their way around it: by role and name. */
export class RepositoryPage {
  constructor(readonly page: Page) {}

  /** Opens `/{owner}/{repo}`; the answer carries the page's real HTTP status. */
  goto(repository: string): Promise<Response | null> {
    return this.page.goto(`/${repository}`);
  }

  /** A tag's card (in the compact view: its expanded detail). */
  tag(name: string): Locator {
    return this.page.getByRole("article", { name: `Tag ${name}`, exact: true });
  }

  /** Every tag card on the page. */
  get tags(): Locator {
    return this.page.getByRole("article", { name: /^Tag / });
  }

  /** A tag's line in the compact table. */
  compactRow(name: string): Locator {
    return this.page
      .getByRole("row")
      .filter({ has: this.page.getByRole("rowheader", { name, exact: true }) });
  }

  get problemsOnly(): Locator {
    return this.page.getByRole("checkbox", { name: "Problems only" });
  }

  /** The switch between cards and the compact table. */
  view(name: "Cards" | "Compact"): Locator {
    return this.page.getByRole("radio", { name });
  }

  /** Switches the view the way a user does: by clicking the option's label. */
  async showAs(name: "Cards" | "Compact"): Promise<void> {
    await this.page
      .locator("label")
      .filter({ has: this.view(name) })
      .click();
  }

  get notFound(): Locator {
    return this.page.getByRole("heading", { name: "Repository not found" });
  }
}
