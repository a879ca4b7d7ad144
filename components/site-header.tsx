import { TagIcon } from "@primer/octicons-react";
import Link from "next/link";
import { SignInButton } from "./sign-in-button";
import { SignOutButton } from "./sign-out-button";

export type HeaderUser = { login: string; name: string | null; avatarUrl: string };

type Props = { user: HeaderUser | null };

/** The top bar: tagwatch's name, and who is signed in (or a way to sign in). */
export function SiteHeader({ user }: Props) {
  return (
    <header className="border-b border-line bg-canvas-subtle">
      <div className="mx-auto flex h-14 w-full max-w-6xl items-center justify-between gap-3 px-4 sm:px-6">
        <Link
          href="/"
          className="-mx-1 inline-flex items-center gap-2 rounded-md px-1 py-1 text-base font-semibold text-fg hover:text-fg-muted"
        >
          <span className="inline-flex size-7 items-center justify-center rounded-md bg-fg text-canvas">
            <TagIcon size={16} aria-hidden />
          </span>
          tagwatch
        </Link>
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
            <SignOutButton />
          </div>
        ) : (
          <SignInButton variant="default" size="small" />
        )}
      </div>
    </header>
  );
}
