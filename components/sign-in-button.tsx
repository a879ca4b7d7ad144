"use client";

import { MarkGithubIcon } from "@primer/octicons-react";
import { useState } from "react";
import { submitAuthForm } from "./auth-form";
import { type ButtonSize, type ButtonVariant, buttonClasses } from "./button-classes";

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
        submitAuthForm("signin/github", callbackUrl ?? window.location.href).catch(() =>
          setPending(false),
        );
      }}
      className={buttonClasses(variant, size)}
    >
      <MarkGithubIcon size={16} aria-hidden />
      Sign in with GitHub
    </button>
  );
}
