import { LINK_CLASSES, NEW_TAB } from "@/components/ui/button";
import { formatDay, formatMinuteUtc, isBot } from "@/components/ui/format";
import { PackageIcon } from "@/components/ui/icons/package-icon";
import { Label } from "@/components/ui/label";
import { STATUS_TONES, TONES } from "@/components/ui/tone";
import { type PageTag, repositoryLink } from "@/lib/repository/json";

// A tag's release and its assets: in full on the card, in a few characters in the compact table.

/** Missing assets stand out in their status's colour. */
const MISSING = `font-semibold ${TONES[STATUS_TONES["missing-assets"]].text}`;

/** The release: its name and links, whether it is a draft or pre-release, who published it when. */
export function ReleaseDetail({
  release,
  repositoryUrl,
}: {
  release: PageTag["release"];
  repositoryUrl: string;
}) {
  if (!release) return <span className="text-fg-muted">No release</span>;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-1.5">
        <PackageIcon size={16} aria-hidden className="text-fg-muted" />
        <a
          href={repositoryLink(repositoryUrl, release.url)}
          {...NEW_TAB}
          className={`break-all font-semibold ${LINK_CLASSES}`}
        >
          {release.name}
        </a>
        {release.draft ? <Label tone="attention">Draft</Label> : null}
        {release.prerelease ? <Label tone="severe">Pre-release</Label> : null}
      </div>
      {release.publishedAt || release.author ? (
        <p className="text-xs text-fg-muted">
          {release.publishedAt ? (
            <>
              published{" "}
              <time dateTime={release.publishedAt} title={formatMinuteUtc(release.publishedAt)}>
                {formatDay(release.publishedAt)}
              </time>{" "}
            </>
          ) : (
            "not published "
          )}
          {release.author ? (
            <>
              by <span className="font-semibold">{release.author}</span>
              {isBot(release.author) ? (
                <>
                  {" "}
                  <Label>bot</Label>
                </>
              ) : null}
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

/** The assets: how many of those expected are there, and which are missing. */
export function AssetsDetail({ tag }: { tag: PageTag }) {
  const expected = tag.expectedAssetCount;
  const missing = tag.missingAssets;
  if (expected !== null) {
    const present = expected - missing.length;
    return (
      <div className="space-y-1">
        <p className={missing.length > 0 ? MISSING : undefined}>
          {`${present} of ${expected} ${expected === 1 ? "asset" : "assets"}`}
        </p>
        {missing.length > 0 ? (
          <div className="text-xs">
            <p className="text-fg-muted">Missing:</p>
            <ul className="mt-0.5 space-y-0.5 font-mono">
              {missing.map((name) => (
                <li key={name} className="break-all">
                  {name}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    );
  }
  if (tag.release) {
    const count = tag.release.assetCount;
    return (
      <p>
        {`${count} ${count === 1 ? "asset" : "assets"} `}
        <span className="text-xs text-fg-muted">(nothing to compare with)</span>
      </p>
    );
  }
  return <span className="text-fg-muted">—</span>;
}

/**
 * The assets in a few characters: "5 of 6", or the count when nothing says what to expect; with
 * `unit`, "5 of 6 assets" (a shipped tag's line, where no column header says what it counts).
 */
export function AssetsSummary({ tag, unit = false }: { tag: PageTag; unit?: boolean }) {
  const expected = tag.expectedAssetCount;
  const count = expected ?? tag.release?.assetCount;
  if (count === undefined) return <span className="text-fg-muted">—</span>;
  const suffix = unit ? ` ${count === 1 ? "asset" : "assets"}` : "";
  if (expected !== null) {
    return (
      <span className={tag.missingAssets.length > 0 ? MISSING : undefined}>
        {`${expected - tag.missingAssets.length} of ${expected}${suffix}`}
      </span>
    );
  }
  return <>{`${count}${suffix}`}</>;
}
