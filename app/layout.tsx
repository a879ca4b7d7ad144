import type { Metadata, Viewport } from "next";
import { getSignOutCsrfToken, getViewer } from "@/auth";
import { SiteHeader } from "@/components/site/site-header";
import { getEnv } from "@/lib/env";
import "./globals.css";

const DESCRIPTION =
  "tagwatch tells GitHub maintainers whether every tag they pushed actually shipped: release runs, releases and assets, with the reason and the fix.";

export function generateMetadata(): Metadata {
  // Social previews need absolute image URLs; without AUTH_URL Next falls back to the request's host.
  const appUrl = getEnv().appUrl;
  return {
    ...(appUrl ? { metadataBase: new URL(appUrl) } : {}),
    title: { default: "tagwatch — did every tag ship?", template: "%s · tagwatch" },
    description: DESCRIPTION,
    applicationName: "tagwatch",
    // Pages keep their own <title>; an unfurled link shows the product (opengraph-image.tsx).
    openGraph: {
      type: "website",
      siteName: "tagwatch",
      title: "tagwatch — did every tag ship?",
      description: DESCRIPTION,
    },
    twitter: { card: "summary_large_image", title: "tagwatch — did every tag ship?" },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0d1117" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  // Only what the header shows; the access token stays on the server.
  const user = viewer && { login: viewer.login, name: viewer.name, avatarUrl: viewer.avatarUrl };
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-black"
        >
          Skip to content
        </a>
        <SiteHeader user={user} csrfToken={user ? await getSignOutCsrfToken() : null} />
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6">
          {children}
        </main>
      </body>
    </html>
  );
}
