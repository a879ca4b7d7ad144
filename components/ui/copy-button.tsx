"use client";

import { useEffect, useState } from "react";
import { ICON_BUTTON_CLASSES } from "./button";
import { CheckIcon } from "./icons/check-icon";
import { CopyIcon } from "./icons/copy-icon";

type Props = {
  text: string;
  /** The accessible name; also the tooltip. */
  label?: string;
};

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http deployments have no Clipboard API: fall back to a hidden selection.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("copy refused");
}

/** An icon button that copies `text` and says so. */
export function CopyButton({ text, label = "Copy" }: Props) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <span className="inline-flex items-center">
      <button
        type="button"
        aria-label={label}
        title={label}
        onClick={() => {
          writeClipboard(text).then(
            () => setState("copied"),
            () => setState("failed"),
          );
        }}
        className={`${ICON_BUTTON_CLASSES} ${state === "copied" ? "text-success" : "text-fg-muted"}`}
      >
        {state === "copied" ? (
          <CheckIcon size={14} aria-hidden />
        ) : (
          <CopyIcon size={14} aria-hidden />
        )}
      </button>
      <span role="status" className="sr-only">
        {state === "copied"
          ? "Copied"
          : state === "failed"
            ? "Could not copy: select the text instead"
            : ""}
      </span>
    </span>
  );
}
