import type { NextConfig } from "next";

const development = process.env.NODE_ENV !== "production";

// Avatars and sign-in live on the configured GitHub host (github.com, GHES or the local simulator),
// which is only known at run time: allow https anywhere and plain http on loopback only.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https: http://localhost:* http://127.0.0.1:*",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self' https: http://localhost:* http://127.0.0.1:*",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), interest-cohort=()",
  },
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // forbidden(): a page a person may not use answers 403 (the notifications page of an owner
  // they do not administer), as the API does.
  experimental: { authInterrupts: true },
  reactStrictMode: true,
  // `npm test` type-checks everything itself (`tsc` over the route types this build writes, beside
  // the browser tests) and says so: the build's own TypeScript pass over the same files would take
  // as long again. Every other build (Vercel's, `npm run build`) type-checks as usual.
  typescript: { ignoreBuildErrors: process.env.TAGWATCH_TYPECHECKED === "1" },
  async headers() {
    // Badges set their own, stricter headers (an SVG needs no scripts at all); Next would let
    // these override them.
    return [
      { source: "/:path((?!api/badge/).*)", headers: securityHeaders },
      // The icons' drawing: app/icons.css names it with its version in the address.
      {
        source: "/icons.svg",
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
    ];
  },
};

export default nextConfig;
