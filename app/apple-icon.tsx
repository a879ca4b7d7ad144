import { ImageResponse } from "next/og";
import { BrandMark } from "@/components/ui/brand/brand-mark";

// Rendered once at build time (no request data), served as a static PNG.
export const size = { width: 180, height: 180 };
export const contentType = "image/png";

export default function AppleIcon() {
  // iOS rounds the corners itself: fill the square.
  return new ImageResponse(
    <div style={{ width: "100%", height: "100%", display: "flex", background: "#1f2328" }}>
      <BrandMark size={180} />
    </div>,
    size,
  );
}
