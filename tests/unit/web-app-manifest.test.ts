/** The web app manifest has what browsers require to install the app, and the icons it names exist at their sizes. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import manifest from "@/app/manifest";

function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("web app manifest", () => {
  const m = manifest();

  it("has the fields installability requires: name, start_url /inbox, standalone display, theme colour", () => {
    expect(m.name).toBe("Instructor Inbox");
    expect(m.short_name && m.short_name.length).toBeLessThanOrEqual(12);
    expect(m.start_url).toBe("/inbox");
    expect(m.display).toBe("standalone");
    expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(m.start_url!.startsWith(m.scope ?? "/")).toBe(true);
  });

  it("names 192 and 512 px PNG icons, also maskable, that exist at exactly those sizes", () => {
    const icons = m.icons ?? [];
    for (const purpose of ["any", "maskable"]) {
      for (const size of [192, 512]) {
        const icon = icons.find((i) => i.purpose === purpose && i.sizes === `${size}x${size}`);
        expect(icon, `${purpose} ${size}`).toBeDefined();
        expect(icon!.type).toBe("image/png");
        expect(pngSize(`public${icon!.src}`)).toEqual({ width: size, height: size });
      }
    }
  });

  it("the iOS Home Screen icon is 180 px", () => {
    expect(pngSize("public/apple-touch-icon.png")).toEqual({ width: 180, height: 180 });
  });
});
