import { repositoryApiUrl } from "@/components/client/api";

// The overview card's sparkline: the repository's last 12 months as an image the server draws
// (history/sparkline). Loaded lazily by the browser, only for the cards in view, beside the list
// rather than inside its stream: a cold overview neither waits for nor pays a history per card.

type Props = { owner: string; name: string };

/** The overview card's sparkline of a release history. */
export function HistorySparkline({ owner, name }: Props) {
  return (
    // biome-ignore lint/performance/noImgElement: a server-drawn SVG, not a photo for next/image.
    <img
      src={repositoryApiUrl(owner, name, "history/sparkline")}
      alt={`Release history of ${owner}/${name}, last 12 months`}
      width={72}
      height={20}
      loading="lazy"
      decoding="async"
      data-sparkline={`${owner}/${name}`}
      className="shrink-0"
    />
  );
}
