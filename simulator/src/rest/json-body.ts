/** A request's JSON object body: {} when empty, null when it is not a JSON object (GitHub answers 400). */
export function parseBody(body: string): Record<string, unknown> | null {
  if (!body.trim()) return {};
  try {
    const value = JSON.parse(body) as unknown;
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
