import type { Metadata } from "next";
import { buttonClasses } from "@/components/ui/button";
import { FIELD_CLASSES } from "@/components/ui/field";
import { getEnv } from "@/lib/env";
import { getInstallUrl } from "@/lib/github/app";
import { APP_EVENTS, APP_PERMISSIONS } from "@/lib/github/app-manifest";

export const metadata: Metadata = { title: "Set up watch mode" };
export const dynamic = "force-dynamic";

/** /setup: creates the tagwatch GitHub App with the manifest flow. */
export default function SetupPage() {
  const env = getEnv();
  const app = env.githubApp;
  const installUrl = getInstallUrl();
  return (
    <div className="mx-auto mt-6 max-w-2xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Set up watch mode</h1>
        <p className="text-sm text-fg-muted">
          Watch mode runs tagwatch as a GitHub App on {env.githubServerUrl}: it notices tags that
          did not ship, keeps one issue open about them, and (where a repository allows it)
          dispatches the release workflow itself.
        </p>
      </div>
      {app ? (
        <section
          aria-label="Current App"
          className="rounded-md border border-success-line bg-success-subtle px-4 py-3 text-sm"
        >
          <p>
            Watch mode is on: App id {app.appId}
            {app.slug ? ` (${app.slug})` : ""}.{" "}
            {installUrl ? (
              <a href={installUrl} className="text-accent hover:underline">
                Install it on more repositories
              </a>
            ) : null}
          </p>
        </section>
      ) : null}
      <form
        method="post"
        action="/setup/start"
        className="space-y-4 rounded-md border border-line p-4"
      >
        <h2 className="font-semibold">Create the GitHub App</h2>
        <p className="text-sm text-fg-muted">
          GitHub asks you to confirm, then sends you back here with the App&apos;s credentials.
          Permissions:{" "}
          {Object.entries(APP_PERMISSIONS)
            .map(([name, level]) => `${name} ${level}`)
            .join(", ")}
          . Events: {APP_EVENTS.join(", ")}.
        </p>
        <label className="block space-y-1 text-sm">
          <span className="font-semibold">App name</span>
          <input
            name="name"
            required
            defaultValue="tagwatch"
            maxLength={34}
            className={FIELD_CLASSES}
          />
          <span className="text-fg-muted">App names are unique on GitHub.</span>
        </label>
        <label className="block space-y-1 text-sm">
          <span className="font-semibold">Organisation (optional)</span>
          <input name="org" placeholder="your personal account" className={FIELD_CLASSES} />
        </label>
        <button type="submit" className={buttonClasses("primary")}>
          Create the GitHub App
        </button>
      </form>
    </div>
  );
}
