import { ImageResponse } from "next/og";
import { BRAND, BrandMark } from "@/components/ui/brand/brand-mark";

// The social preview every tagwatch page unfurls with; rendered once at build time.
export const alt = "tagwatch: did every tag you pushed actually ship?";
export const size = { width: 1200, height: 630 };
export const contentType = "image/png";

const ROWS = [
  { tag: "v1.4.0", status: "Shipped", colour: BRAND.success },
  { tag: "v1.3.1", status: "Not triggered", colour: BRAND.danger },
  { tag: "v1.3.0", status: "Missing assets", colour: BRAND.danger },
];

export default function OpenGraphImage() {
  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        padding: 72,
        background: BRAND.paper,
        color: BRAND.ink,
      }}
    >
      <div style={{ display: "flex", alignItems: "center", gap: 28 }}>
        <BrandMark size={96} />
        <div style={{ fontSize: 80, fontWeight: 700, letterSpacing: -2 }}>{BRAND.name}</div>
      </div>
      <div style={{ display: "flex", fontSize: 48, lineHeight: 1.2, maxWidth: 980 }}>
        {BRAND.tagline}
      </div>
      <div style={{ display: "flex", gap: 20 }}>
        {ROWS.map((row) => (
          <div
            key={row.tag}
            style={{
              display: "flex",
              alignItems: "center",
              gap: 14,
              padding: "14px 22px",
              border: "2px solid #d1d9e0",
              borderRadius: 12,
              fontSize: 30,
            }}
          >
            <span style={{ fontFamily: "monospace" }}>{row.tag}</span>
            <span style={{ color: row.colour, fontWeight: 700 }}>{row.status}</span>
          </div>
        ))}
      </div>
    </div>,
    size,
  );
}
