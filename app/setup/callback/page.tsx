import { randomBytes } from "node:crypto";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { convertManifestCode, SETUP_STATE_COOKIE } from "@/lib/github/app-manifest";

export const metadata: Metadata = { title: "Your tagwatch App" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Where GitHub sends the user back: the code becomes the App's credentials, shown this once. */
export default async function SetupCallbackPage({ searchParams }: Props) {
  const params = await searchParams;
  const code = typeof params.code === "string" ? params.code : null;
  const state = typeof params.state === "string" ? params.state : null;
  const expected = (await cookies()).get(SETUP_STATE_COOKIE)?.value ?? null;
  if (!code || !state || state !== expected) {
    return (
      <ErrorPanel
        title="This setup link is not valid here"
        message="Start the setup from this deployment's /setup page, in this browser."
        action={{ label: "Start again", href: "/setup" }}
      />
    );
  }
  let credentials: Awaited<ReturnType<typeof convertManifestCode>>;
  try {
    credentials = await convertManifestCode(code);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <ErrorPanel
        title="GitHub did not hand over the App"
        message={error.message}
        action={{ label: "Start again", href: "/setup" }}
      />
    );
  }
  const cronSecret = randomBytes(32).toString("hex");
  const settings = [
    ["GITHUB_APP_ID", String(credentials.id)],
    ["GITHUB_APP_PRIVATE_KEY", credentials.pem.trim().replaceAll("\n", "\\n")],
    ["GITHUB_APP_WEBHOOK_SECRET", credentials.webhookSecret ?? ""],
    ["GITHUB_APP_SLUG", credentials.slug],
    ["CRON_SECRET", cronSecret],
  ] as const;
  const envFile = settings.map(([name, value]) => `${name}=${value}`).join("\n");
  const installUrl = `${getEnv().githubServerUrl}/apps/${encodeURIComponent(credentials.slug)}/installations/new`;
  return (
    <div className="mx-auto mt-6 max-w-3xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">The GitHub App {credentials.name} exists</h1>
        <p className="text-sm">
          Paste these settings into the deployment&apos;s environment (on Vercel: Project → Settings
          → Environment Variables) and redeploy. They are shown only this once: tagwatch keeps no
          copy. Then{" "}
          <a href={installUrl} className="text-accent hover:underline">
            install the App on the repositories to watch
          </a>
          .
        </p>
      </div>
      <section aria-label="Settings" className="space-y-2">
        <div className="flex items-center justify-between">
          <h2 className="font-semibold">Environment</h2>
          <CopyButton text={envFile} label="Copy the settings" />
        </div>
        <dl className="space-y-2 text-sm">
          {settings.map(([name, value]) => (
            <div key={name} className="space-y-1">
              <dt className="font-mono font-semibold">{name}</dt>
              <dd className="break-all rounded-md border border-line bg-canvas-subtle px-3 py-2 font-mono text-xs">
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
