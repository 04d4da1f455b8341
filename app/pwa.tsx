/**
 * The installable-app parts of the root layout: icons, iOS Home Screen meta (apple-mobile-web-app-*),
 * theme colour, and the service worker registration. Spread into app/layout.tsx's metadata/viewport.
 */
import type { Metadata, Viewport } from "next";

export const THEME_COLOR = "#1563c2";

export const pwaMetadata: Metadata = {
  applicationName: "Instructor Inbox",
  icons: {
    icon: [{ url: "/icons/favicon-32.png", sizes: "32x32", type: "image/png" }],
    apple: [{ url: "/apple-touch-icon.png", sizes: "180x180", type: "image/png" }],
  },
  appleWebApp: { capable: true, title: "Inbox", statusBarStyle: "default" },
  formatDetection: { telephone: false },
};

export const pwaViewport: Viewport = { themeColor: THEME_COLOR };

/** Registers /sw.js (push, notification taps, the offline page) once the page has loaded. */
export function ServiceWorkerRegistration() {
  const script = `if("serviceWorker" in navigator){addEventListener("load",function(){navigator.serviceWorker.register("/sw.js",{scope:"/"}).catch(function(){})})}`;
  return <script dangerouslySetInnerHTML={{ __html: script }} />;
}
