// The build's scripts and stylesheets for the self-hosted server, compressed once and served from
// memory. Next's own server gzips each of them again on every request, on the thread that renders
// the pages: a visit without a cache had its stylesheet, which holds up the first paint, wait
// behind ~500 kB of scripts being compressed. (On Vercel the CDN serves these files.)
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { constants, gzip } from "node:zlib";
import { tryDecodeSegment } from "../lib/names";
import { TtlCache } from "../lib/store/process-cache";

const gzipOnce = promisify(gzip);

const PREFIX = "/_next/static/";
const STATIC_ROOT = path.resolve(__dirname, "..", ".next", "static");

/** The kinds served here; anything else under the prefix (images, fonts) is left to Next. */
const CONTENT_TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=UTF-8",
  ".css": "text/css; charset=UTF-8",
};

type Asset = { raw: Buffer; gzipped: Buffer; contentType: string };

// One entry per file of the build, kept for good (its names carry a content hash, so an entry never
// goes stale), loaded once however many ask at the same time. Only files that exist are kept: a
// request for a made-up name adds nothing. The bound is well above a build's count of files.
const assets = new TtlCache<Asset | null>(256);
const KEEP_FOREVER = (asset: Asset | null) => (asset ? Number.POSITIVE_INFINITY : 0);

async function load(file: string, contentType: string): Promise<Asset | null> {
  const raw = await readFile(file).catch(() => null);
  if (!raw) return null;
  // zlib works on its own threads, so compressing does not hold up the requests being served.
  const gzipped = await gzipOnce(raw, { level: constants.Z_BEST_COMPRESSION });
  return { raw, gzipped, contentType };
}

/** The build file a request names, or null when it is not one of the kinds served here. */
function fileFor(url: string): { file: string; contentType: string } | null {
  const pathname = url.split(/[?#]/, 1)[0] ?? "";
  if (!pathname.startsWith(PREFIX)) return null;
  const decoded = tryDecodeSegment(pathname.slice(PREFIX.length));
  if (decoded === null || decoded.includes("\0")) return null;
  const file = path.resolve(STATIC_ROOT, decoded);
  if (!file.startsWith(STATIC_ROOT + path.sep)) return null;
  const contentType = CONTENT_TYPES[path.extname(file)];
  return contentType ? { file, contentType } : null;
}

/** Whether an Accept-Encoding header takes gzip: by name, or as `*`, with a weight above zero. */
export function acceptsGzip(header: string | undefined): boolean {
  let anyCoding = false;
  for (const part of (header ?? "").split(",")) {
    const [coding = "", ...parameters] = part
      .toLowerCase()
      .split(";")
      .map((item) => item.trim());
    const weight = parameters.find((parameter) => parameter.startsWith("q="));
    const accepted = weight === undefined || Number(weight.slice(2)) > 0;
    if (coding === "gzip" || coding === "x-gzip") return accepted;
    if (coding === "*") anyCoding = accepted;
  }
  return anyCoding;
}

/**
 * Answers a GET or HEAD for one of the build's scripts or stylesheets; false when the request is
 * not one (or names no such file), for Next to answer.
 */
export async function serveStaticAsset(
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const target = fileFor(request.url ?? "");
  if (!target) return false;
  const asset = await assets.get(
    target.file,
    () => load(target.file, target.contentType),
    KEEP_FOREVER,
  );
  if (!asset) return false;
  const gzipped = acceptsGzip(request.headers["accept-encoding"]);
  const body = gzipped ? asset.gzipped : asset.raw;
  // Next's headers for these files; the security headers of next.config.ts are about documents
  // (what may run or frame them), except nosniff.
  response.writeHead(200, {
    "Content-Type": asset.contentType,
    "Content-Length": body.length,
    "Cache-Control": "public, max-age=31536000, immutable",
    Vary: "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
    ...(gzipped ? { "Content-Encoding": "gzip" } : {}),
  });
  response.end(request.method === "HEAD" ? undefined : body);
  return true;
}
