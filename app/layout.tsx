import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";
import { pwaMetadata, pwaViewport, ServiceWorkerRegistration } from "./pwa";

export const metadata: Metadata = {
  title: { default: "Instructor Inbox", template: "%s · Instructor Inbox" },
  description: "WhatsApp bookings for independent instructors, filed and drafted for your approval.",
  ...pwaMetadata,
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, ...pwaViewport };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <Providers>{children}</Providers>
        <ServiceWorkerRegistration />
      </body>
    </html>
  );
}
