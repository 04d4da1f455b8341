#!/usr/bin/env node
/**
 * Draws the app icons (PNG) that phones ask for from one SVG: 192/512 ("any", rounded), maskable
 * 192/512 (full bleed, glyph inside the 80% safe zone), the 180 px apple-touch-icon (opaque, iOS rounds
 * it), a 32 px favicon and a 96 px monochrome badge for Android's status bar. The PNGs are committed;
 * run this again only to change the design. Uses sharp, which Next.js installs for image optimization.
 */
import { Buffer } from "node:buffer";
import { mkdirSync } from "node:fs";
import sharp from "sharp";

const BLUE = "#1563c2";

// A speech bubble with a check mark: messages, answered once you approve.
function glyph({ color, scale }) {
  const offset = (512 - 512 * scale) / 2;
  return `<g transform="translate(${offset} ${offset}) scale(${scale})">
    <path d="M128 112h256a56 56 0 0 1 56 56v152a56 56 0 0 1-56 56H236l-84 64v-64h-24a56 56 0 0 1-56-56V168a56 56 0 0 1 56-56z" fill="${color}"/>
    <path d="M186 246l48 48 96-100" fill="none" stroke="${color === "#ffffff" ? BLUE : "#000000"}" stroke-width="36" stroke-linecap="round" stroke-linejoin="round"/>
  </g>`;
}

const svg = ({ rounded, scale }) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
    <rect width="512" height="512" rx="${rounded ? 112 : 0}" fill="${BLUE}"/>${glyph({ color: "#ffffff", scale })}</svg>`);

// Badge: white on transparent; Android uses only its alpha.
const badge = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <mask id="m"><rect width="512" height="512" fill="#000"/>${glyph({ color: "#ffffff", scale: 1.1 }).replace(`stroke="${BLUE}"`, 'stroke="#000"')}</mask>
  <rect width="512" height="512" fill="#ffffff" mask="url(#m)"/></svg>`);

const out = [
  ["public/icons/icon-192.png", svg({ rounded: true, scale: 1 }), 192],
  ["public/icons/icon-512.png", svg({ rounded: true, scale: 1 }), 512],
  ["public/icons/icon-maskable-192.png", svg({ rounded: false, scale: 0.72 }), 192],
  ["public/icons/icon-maskable-512.png", svg({ rounded: false, scale: 0.72 }), 512],
  ["public/apple-touch-icon.png", svg({ rounded: false, scale: 0.86 }), 180],
  ["public/icons/favicon-32.png", svg({ rounded: true, scale: 1.08 }), 32],
  ["public/icons/badge-96.png", badge, 96],
];
mkdirSync("public/icons", { recursive: true });
for (const [file, source, size] of out) {
  await sharp(source, { density: 300 }).resize(size, size).png({ compressionLevel: 9 }).toFile(file);
  console.log(file, `${size}x${size}`);
}
