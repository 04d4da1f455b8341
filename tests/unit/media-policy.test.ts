import { describe, expect, it } from "vitest";
import {
  contentDisposition,
  outboundAttachmentKind,
  safeFileName,
  serveHeaders,
  sha256Hex,
} from "@/lib/whatsapp/media-policy";

describe("media policy", () => {
  it("serves playable media inline with their stored type, codecs kept", () => {
    expect(serveHeaders({ kind: "audio", mimeType: "audio/ogg; codecs=opus" })).toEqual({
      contentType: "audio/ogg; codecs=opus",
      disposition: "inline",
    });
    expect(serveHeaders({ kind: "image", mimeType: "image/jpeg" })).toEqual({
      contentType: "image/jpeg",
      disposition: "inline",
    });
  });

  it("never serves anything that renders as a page inline: HTML, SVG, XML, unknown types become downloads", () => {
    for (const mimeType of [
      "text/html",
      "image/svg+xml",
      "application/xhtml+xml",
      "text/xml",
      "application/javascript",
      null,
    ]) {
      expect(serveHeaders({ kind: "image", mimeType })).toEqual({
        contentType: "application/octet-stream",
        disposition: "attachment",
      });
    }
    expect(serveHeaders({ kind: "image", mimeType: "image/png; charset=<script>" }).contentType).toBe("image/png");
  });

  it("documents are downloads, even a PDF or an image sent as a document", () => {
    expect(serveHeaders({ kind: "document", mimeType: "application/pdf" })).toEqual({
      contentType: "application/pdf",
      disposition: "attachment",
    });
    expect(serveHeaders({ kind: "document", mimeType: "image/png" }).disposition).toBe("attachment");
  });

  it("file names lose paths, quotes and control characters; the header carries a UTF-8 name", () => {
    expect(safeFileName('../../etc/pa"ss\nwd.pdf', "document")).toBe("passwd.pdf");
    expect(safeFileName("", "document")).toBe("document");
    expect(contentDisposition("attachment", "Preise Zürich.pdf")).toBe(
      `attachment; filename="Preise Z_rich.pdf"; filename*=UTF-8''Preise%20Z%C3%BCrich.pdf`,
    );
  });

  it("reads a sha256 as hex or base64", () => {
    const hex = "49f22763480d5cadcfff542d2d0902564ed7123730dae4438aab727cdf05824f";
    expect(sha256Hex(hex.toUpperCase())).toBe(hex);
    expect(sha256Hex("SfInY0gNXK3P/1QtLQkCVk7XEjcw2uRDiqtyfN8Fgk8=")).toBe(hex);
    expect(sha256Hex("not a hash")).toBeNull();
  });

  it("attachments: JPEG/PNG photos and office/PDF/text documents only", () => {
    expect(outboundAttachmentKind("image/png")).toBe("image");
    expect(outboundAttachmentKind("application/pdf")).toBe("document");
    expect(outboundAttachmentKind("image/svg+xml")).toBeNull();
    expect(outboundAttachmentKind("text/html")).toBeNull();
  });
});
