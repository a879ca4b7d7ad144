"use client";

import { useState } from "react";
import { submitSignIn } from "@/components/client/sign-in";
import { type ButtonSize, type ButtonVariant, buttonClasses } from "@/components/ui/button";
import { MarkGithubIcon } from "@/components/ui/icons/mark-github-icon";

type Props = {
  /** Where to come back to after GitHub; next-auth defaults to the current page. */
  callbackUrl?: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
};

/** Starts the GitHub OAuth sign-in. */
export function SignInButton({ callbackUrl, variant = "primary", size = "medium" }: Props) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      aria-busy={pending || undefined}
      disabled={pending}
      onClick={() => {
        setPending(true);
        submitSignIn(callbackUrl ?? window.location.href).catch(() => setPending(false));
      }}
      className={buttonClasses(variant, size)}
    >
      <MarkGithubIcon size={16} aria-hidden />
      Sign in with GitHub
    </button>
  );
}
