// tagwatch's mark for generated images (app icons, social preview), drawn with satori by next/og:
// plain inline styles, the header's dark square with the tag octicon (its path, as in app/icon.svg).

const TAG_PATH =
  "M1 7.775V2.75C1 1.784 1.784 1 2.75 1h5.025c.464 0 .91.184 1.238.513l6.25 6.25a1.75 1.75 0 0 1 0 2.474l-5.026 5.026a1.75 1.75 0 0 1-2.474 0l-6.25-6.25A1.752 1.752 0 0 1 1 7.775Zm1.5 0c0 .066.026.13.073.177l6.25 6.25a.25.25 0 0 0 .354 0l5.025-5.025a.25.25 0 0 0 0-.354l-6.25-6.25a.25.25 0 0 0-.177-.073H2.75a.25.25 0 0 0-.25.25ZM6 5a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z";

export const BRAND = {
  name: "tagwatch",
  tagline: "Did every tag you pushed actually ship?",
  ink: "#1f2328",
  paper: "#ffffff",
  muted: "#59636e",
  success: "#1a7f37",
  danger: "#d1242f",
} as const;

/** The dark rounded square with the white tag, `size` pixels wide. */
export function BrandMark({ size }: { size: number }) {
  return (
    <div
      style={{
        width: size,
        height: size,
        borderRadius: size * 0.22,
        background: BRAND.ink,
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
      }}
    >
      <svg
        width={Math.round(size * 0.6)}
        height={Math.round(size * 0.6)}
        viewBox="0 0 16 16"
        aria-hidden
      >
        <path d={TAG_PATH} fill={BRAND.paper} />
      </svg>
    </div>
  );
}
