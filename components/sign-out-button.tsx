"use client";

import { SignOutIcon } from "@primer/octicons-react";
import { useState } from "react";
import { submitAuthForm } from "./auth-form";
import { buttonClasses } from "./button-classes";

/** Ends the tagwatch session and returns to the home page. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      aria-busy={pending || undefined}
      disabled={pending}
      onClick={() => {
        setPending(true);
        submitAuthForm("signout", "/").catch(() => setPending(false));
      }}
      className={buttonClasses("default", "small")}
    >
      <SignOutIcon size={14} aria-hidden />
      <span>Sign out</span>
    </button>
  );
}
