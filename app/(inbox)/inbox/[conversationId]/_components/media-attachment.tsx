"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { cx } from "@/components/format";
import type { ThreadMedia } from "@/db/queries/threads";
import { bareMimeType, formatBytes } from "@/lib/whatsapp/media-policy";

/**
 * A message's file, inline: a photo (tap to enlarge), an audio player for voice notes, a video, or a
 * document with its name, type and size. While WhatsApp's file is being fetched it says so; when the
 * fetch failed it says why, with a retry button. Plain <img>: a private, signed-in file is not for an image optimizer.
 */
export function MediaAttachment({ media, outbound }: { media: ThreadMedia; outbound: boolean }) {
  const src = `/api/media/${media.id}`;
  if (media.state !== "stored") return <MediaNotLoaded media={media} />;
  if (media.kind === "image" || media.kind === "sticker")
    return (
      <ZoomableImage
        src={src}
        alt={media.kind === "sticker" ? "Sticker" : "Photo"}
        sticker={media.kind === "sticker"}
      />
    );
  if (media.kind === "audio") {
    return (
      <audio controls preload="metadata" src={src} data-testid="media-audio" className="w-64 max-w-full">
        <a href={src}>Download the voice message</a>
      </audio>
    );
  }
  if (media.kind === "video") {
    return (
      <video
        controls
        preload="metadata"
        src={src}
        data-testid="media-video"
        className="max-h-80 w-72 max-w-full rounded-lg bg-black"
      />
    );
  }
  const type = bareMimeType(media.mimeType).split("/")[1]?.toUpperCase() ?? "FILE";
  return (
    <a
      href={src}
      download
      className={cx("flex items-center gap-2 rounded-lg px-2.5 py-2 text-sm", outbound ? "bg-white/15" : "bg-black/5")}
      data-testid="media-document"
    >
      <span aria-hidden>📄</span>
      <span className="min-w-0">
        <span className="block truncate font-medium">{media.fileName ?? "Document"}</span>
        <span className="block text-xs opacity-75">
          {type}
          {media.byteSize ? ` · ${formatBytes(media.byteSize)}` : ""}
        </span>
      </span>
    </a>
  );
}

function ZoomableImage({ src, alt, sticker }: { src: string; alt: string; sticker: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        className="block"
        aria-label={`Enlarge the ${alt.toLowerCase()}`}
      >
        <img
          src={src}
          alt={alt}
          data-testid="media-image"
          className={cx("rounded-lg object-cover", sticker ? "h-32 w-32 object-contain" : "max-h-72 w-64 max-w-full")}
        />
      </button>
      <dialog
        ref={dialog}
        className="m-auto max-h-[95vh] max-w-[95vw] rounded-xl bg-black p-0 backdrop:bg-black/80"
        onClick={() => dialog.current?.close()}
        data-testid="media-lightbox"
      >
        <img src={src} alt={alt} className="max-h-[90vh] max-w-[95vw] object-contain" />
        <form method="dialog" className="absolute top-2 right-2">
          <button className="rounded-full bg-white/90 px-3 py-1 text-sm font-medium text-slate-900">Close</button>
        </form>
      </dialog>
    </>
  );
}

function MediaNotLoaded({ media }: { media: ThreadMedia }) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const label = media.kind === "audio" ? "voice message" : media.kind === "image" ? "photo" : media.kind;
  if (media.state === "pending") {
    return (
      <p className="rounded-lg bg-black/5 px-2.5 py-2 text-sm" data-testid="media-pending">
        Loading the {label}…
        {media.attempts > 0 && media.lastError ? (
          <span className="block text-xs opacity-75">Trying again (attempt {media.attempts + 1}).</span>
        ) : null}
      </p>
    );
  }
  const retry = async () => {
    setPending(true);
    try {
      const response = await fetch(`/api/media/${media.id}/retry`, { method: "POST" });
      const result = (await response.json().catch(() => null)) as { message?: string } | null;
      setMessage(result?.message ?? `Request failed (${response.status}).`);
      await queryClient.invalidateQueries({ queryKey: ["thread"] });
    } catch {
      setMessage("Could not reach the server. Try again.");
    } finally {
      setPending(false);
    }
  };
  return (
    <div
      className="rounded-lg bg-rose-50 px-2.5 py-2 text-sm text-rose-900 ring-1 ring-rose-200"
      data-testid="media-failed"
    >
      <p className="font-medium">Could not load the {label}.</p>
      {media.lastError ? <p className="text-xs">{media.lastError}</p> : null}
      {media.state === "failed" ? (
        <button
          type="button"
          onClick={() => void retry()}
          disabled={pending}
          className="mt-1 rounded-md bg-white px-2 py-0.5 text-xs font-semibold text-rose-800 ring-1 ring-rose-300 hover:bg-rose-100 disabled:opacity-60"
        >
          {pending ? "Retrying…" : "Retry"}
        </button>
      ) : null}
      {message ? (
        <p role="status" className="mt-1 text-xs">
          {message}
        </p>
      ) : null}
    </div>
  );
}
