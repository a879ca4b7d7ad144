"use client";

import { useEffect, useId, useRef } from "react";

const WIDTHS = {
  normal: "w-[min(36rem,calc(100vw-2rem))]",
  wide: "max-h-[90vh] w-[min(56rem,calc(100vw-2rem))] overflow-y-auto",
} as const;

type Props = {
  open: boolean;
  /** The heading, and the dialog's accessible name. */
  title: string;
  /** Escape, and the Cancel or Close button the caller puts in `footer`. */
  onClose: () => void;
  width?: keyof typeof WIDTHS;
  /** The dialog's buttons, right-aligned under a rule. */
  footer?: React.ReactNode;
  children: React.ReactNode;
};

/**
 * A modal on the native <dialog>: showModal() traps focus and, on close, returns it to the control
 * that opened it. Escape asks `onClose` rather than closing by itself, so `open` stays the truth.
 */
export function Dialog({ open, title, onClose, width = "normal", footer, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={`m-auto rounded-lg border border-line bg-canvas p-0 text-fg shadow-xl backdrop:bg-black/50 ${WIDTHS[width]}`}
    >
      <div className="space-y-4 p-5 text-sm">
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        {children}
      </div>
      {footer ? (
        <div className="flex justify-end gap-2 border-t border-line px-5 py-3">{footer}</div>
      ) : null}
    </dialog>
  );
}
