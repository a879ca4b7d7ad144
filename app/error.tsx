"use client";

import { ErrorPanel } from "@/components/ui/error-panel";

export default function ErrorPage({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <ErrorPanel
      title="This page could not be shown"
      message="tagwatch ran into a problem while talking to GitHub. It may be a passing fault: try again. If it keeps happening, check GitHub's status page."
      onRetry={reset}
    />
  );
}
