import { gzipSync } from "node:zlib";
import { signIn, test } from "./fixtures";

// Temporary: measures the repository page's first-load JS like scripts/bench.ts does.
for (const view of ["cards", "compact"]) {
  test(`first-load JS (${view})`, async ({ page }) => {
    await signIn(page, "octo-maintainer");
    await page.context().addCookies([{ name: "tagwatch-view", value: view, url: page.url() }]);
    const html = await (await page.request.get("/octo-maintainer/classic-cli")).text();
    const sources = [
      ...new Set(
        [...html.matchAll(/<script\b[^>]*>/g)]
          .map((m) => m[0])
          .filter((tag) => !/\bnomodule\b/i.test(tag))
          .map((tag) => (/\bsrc="([^"]+)"/.exec(tag)?.[1] ?? "").replace(/&amp;/g, "&"))
          .filter(Boolean),
      ),
    ];
    let gzip = 0;
    for (const src of sources) {
      const body = await (await page.request.get(src)).body();
      gzip += gzipSync(body).length;
      console.log(src, body.length, gzipSync(body).length);
    }
    console.log(`${view}: ${sources.length} chunks, ${(gzip / 1024).toFixed(1)} kB gzip`);
  });
}
