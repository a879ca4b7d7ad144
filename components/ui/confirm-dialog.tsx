"use client";

import { buttonClasses } from "./button";
import { Dialog } from "./dialog";

type Props = {
  open: boolean;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
};

/** A modal question with Cancel and one action; the action has the focus, Escape cancels. */
export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel }: Props) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onCancel}
      footer={
        <>
          <button type="button" onClick={onCancel} className={buttonClasses("default")}>
            Cancel
          </button>
          <button
            type="button"
            onClick={onConfirm}
            // biome-ignore lint/a11y/noAutofocus: the dialog's primary action takes focus on open
            autoFocus
            className={buttonClasses("primary")}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="space-y-2">{children}</div>
    </Dialog>
  );
}
