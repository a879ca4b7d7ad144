// Deterministic formatting: the same text on the server and in the browser, so hydration matches.

/** `2024-05-01` (UTC) for an ISO timestamp; the input itself when it does not parse. */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
}

/** `2024-05-01 14:03 UTC`, for titles. */
export function formatMinuteUtc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** `14:03:09` in the browser's time zone; only call this on the client. */
export function formatClock(date: Date): string {
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, "0"))
    .join(":");
}

export function shortSha(oid: string): string {
  return oid.slice(0, 7);
}

/** GitHub Apps (github-actions, dependabot, ...) act as `<name>[bot]`. */
export function isBot(login: string | null): boolean {
  return login?.endsWith("[bot]") ?? false;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
