import { buttonClasses } from "@/components/ui/button";
import { MarkGithubIcon } from "@/components/ui/icons/mark-github-icon";
import { SignOutIcon } from "@/components/ui/icons/sign-out-icon";
import { TagIcon } from "@/components/ui/icons/tag-icon";

export type HeaderUser = { login: string; name: string | null; avatarUrl: string };

type Props = {
  user: HeaderUser | null;
  /** next-auth's CSRF token, for the sign-out form; null sends it to next-auth's own confirmation. */
  csrfToken: string | null;
};

/**
 * The top bar: tagwatch's name, and who is signed in (or a way to sign in). No client code: plain
 * links (every page renders per request anyway) and a sign-out form that works without scripts.
 */
export function SiteHeader({ user, csrfToken }: Props) {
  return (
    <header className="border-b border-line bg-canvas-subtle">
      <div className="mx-auto flex h-14 w-full max-w-6xl items-center justify-between gap-3 px-4 sm:px-6">
        <a
          href="/"
          className="-mx-1 inline-flex items-center gap-2 rounded-md px-1 py-1 text-base font-semibold text-fg hover:text-fg-muted"
        >
          <span className="inline-flex size-7 items-center justify-center rounded-md bg-fg text-canvas">
            <TagIcon size={16} aria-hidden />
          </span>
          tagwatch
        </a>
        {user ? (
          <div className="flex min-w-0 items-center gap-2 sm:gap-3">
            <span className="flex min-w-0 items-center gap-2" title={user.name ?? undefined}>
              {/* biome-ignore lint/performance/noImgElement: a 20px avatar from GitHub needs no optimisation pipeline */}
              <img
                src={user.avatarUrl}
                alt={`@${user.login}`}
                width={20}
                height={20}
                className="size-5 shrink-0 rounded-full border border-line"
              />
              <span className="truncate text-sm font-semibold">{user.login}</span>
            </span>
            <form method="post" action="/api/auth/signout">
              {csrfToken ? <input type="hidden" name="csrfToken" value={csrfToken} /> : null}
              <input type="hidden" name="callbackUrl" value="/" />
              <button type="submit" className={buttonClasses("default", "small")}>
                <SignOutIcon size={14} aria-hidden />
                <span>Sign out</span>
              </button>
            </form>
          </div>
        ) : (
          <a href="/signin" className={buttonClasses("default", "small")}>
            <MarkGithubIcon size={16} aria-hidden />
            Sign in with GitHub
          </a>
        )}
      </div>
    </header>
  );
}
