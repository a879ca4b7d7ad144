/** Placeholder for a repository's page while GitHub answers (streamed while the health loads). */
export function RepositoryHealthSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-live="polite" className="space-y-4">
      <span className="sr-only">Loading the repository's tags, runs and releases…</span>
      <div aria-hidden className="space-y-4 motion-safe:animate-pulse">
        <div className="space-y-2">
          <div className="h-7 w-64 max-w-full rounded-md bg-canvas-muted" />
          <div className="h-4 w-40 rounded-md bg-canvas-muted" />
        </div>
        <div className="h-14 rounded-md border border-line bg-canvas-subtle" />
        {Array.from({ length: rows }, (_, index) => (
          <div key={index} className="space-y-3 rounded-md border border-line p-4">
            <div className="flex items-center justify-between gap-4">
              <div className="h-5 w-32 rounded-md bg-canvas-muted" />
              <div className="h-6 w-24 rounded-full bg-canvas-muted" />
            </div>
            <div className="h-3 w-56 max-w-full rounded-md bg-canvas-muted" />
            <div className="grid gap-3 sm:grid-cols-3">
              <div className="h-10 rounded-md bg-canvas-subtle" />
              <div className="h-10 rounded-md bg-canvas-subtle" />
              <div className="h-10 rounded-md bg-canvas-subtle" />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
