import { PackageIcon } from "@/components/ui/icons/package-icon";
import { StopIcon } from "@/components/ui/icons/stop-icon";
import { XCircleFillIcon } from "@/components/ui/icons/xcircle-fill-icon";
import { StatusPill } from "@/components/ui/status-pill";
import { TONES } from "@/components/ui/tone";
import { SignInButton } from "./sign-in-button";

const CHECKS = [
  {
    icon: StopIcon,
    tone: "danger",
    title: "Tags that never triggered a release",
    text: "Pushed with GITHUB_TOKEN by a bot, too many at once, a disabled workflow or a tag pattern that does not match: GitHub starts no run and says nothing.",
  },
  {
    icon: XCircleFillIcon,
    tone: "danger",
    title: "Release runs that failed or got stuck",
    text: "Each tag's release run, with a link to it and a one-click re-run or re-dispatch.",
  },
  {
    icon: PackageIcon,
    tone: "severe",
    title: "Drafts and missing assets",
    text: "Releases left as drafts, and binaries that the previous release or checksums.txt says should be there but are not.",
  },
] as const;

/** The signed-out home page: what tagwatch checks, and the way in. */
export function Landing() {
  return (
    <div className="mx-auto max-w-3xl space-y-8 py-6 sm:py-12">
      <div className="space-y-4 text-center">
        <div className="flex flex-wrap justify-center gap-2" aria-hidden>
          <StatusPill status="healthy" size="small" />
          <StatusPill status="not-triggered" size="small" />
          <StatusPill status="missing-assets" size="small" />
        </div>
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Did every tag ship?</h1>
        <p className="mx-auto max-w-xl text-base text-fg-muted">
          tagwatch checks each tag you pushed against its release run, its release and the release's
          assets, says why one did not ship, and how to fix it.
        </p>
        <div className="flex justify-center pt-2">
          <SignInButton />
        </div>
      </div>
      <ul className="grid gap-3 sm:grid-cols-3">
        {CHECKS.map(({ icon: CheckIcon, tone, title, text }) => (
          <li
            key={title}
            className="space-y-1.5 rounded-md border border-line bg-canvas-subtle p-4"
          >
            <CheckIcon size={20} aria-hidden className={TONES[tone].text} />
            <h2 className="text-sm font-semibold">{title}</h2>
            <p className="text-sm text-fg-muted">{text}</p>
          </li>
        ))}
      </ul>
      <p className="text-center text-xs text-fg-muted">
        tagwatch changes nothing on GitHub until you press a button. Your GitHub token stays on its
        server.
      </p>
    </div>
  );
}
