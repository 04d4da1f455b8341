import type { MetadataRoute } from "next";
import { THEME_COLOR } from "./pwa";

/** The web app manifest (/manifest.webmanifest): what a phone needs to install the inbox as an app. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/inbox",
    name: "Instructor Inbox",
    short_name: "Inbox",
    description: "WhatsApp bookings for independent instructors, filed and drafted for your approval.",
    start_url: "/inbox",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#f8fafc",
    theme_color: THEME_COLOR,
    categories: ["business", "productivity"],
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
