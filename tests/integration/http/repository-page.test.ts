import { describe, expect, it } from "vitest";
import { runTagwatch } from "./tagwatch";

// The repository page's HTML as the production server streams it. When GitHub's answer for the
// tags is late, the page does not wait for it: a skeleton goes out at once (the status already
// decided) and the tags follow in the same response.

const tagwatch = runTagwatch();

/** The skeleton's words for screen readers, as React escapes them. */
const SKELETON = "Loading the repository&#x27;s tags";
const TAG_ROW = 'aria-label="Tag ';

/** How much of the body had arrived when each text first appeared in it (chunk by chunk). */
async function arrivalOrder(response: Response, texts: string[]): Promise<number[]> {
  const reader = response.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  const firstSeen = texts.map(() => -1);
  let received = "";
  for (let chunk = 0; ; chunk++) {
    const { done, value } = await reader.read();
    if (done) break;
    received += decoder.decode(value, { stream: true });
    texts.forEach((text, index) => {
      if (firstSeen[index] === -1 && received.includes(text)) firstSeen[index] = chunk;
    });
  }
  return firstSeen;
}

describe("the repository page's stream", () => {
  it("with GitHub's answer for the tags late, answers 200 with a skeleton first and the tags after it", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    // A second later than the repository's REST read: far past the page's short wait for it.
    await tagwatch().simulator.faults({
      slowdowns: [{ pathPrefix: "/api/graphql", bodyPattern: "RepositoryHealth", delayMs: 1_000 }],
    });
    const response = await session.get("/octo-maintainer/healthy-lib");
    expect(response.status).toBe(200);
    const [skeleton, tags] = await arrivalOrder(response, [SKELETON, TAG_ROW]);
    expect(skeleton).toBeGreaterThanOrEqual(0);
    expect(tags, "the tags arrive in a later chunk than the skeleton").toBeGreaterThan(
      skeleton ?? 0,
    );
  });
});
