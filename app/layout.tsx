import type { Metadata, Viewport } from "next";
import { getLocale } from "next-intl/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Checkout", template: "%s · Checkout" },
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page is rendered per request: the CSP nonce (proxy.ts) is new on each one, and a
// prerendered page would carry scripts without it that the browser then refuses to run.
export const dynamic = "force-dynamic";

// The language the request's page speaks (i18n/request.ts): a payer page's locale, else English.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang={await getLocale()}>
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
