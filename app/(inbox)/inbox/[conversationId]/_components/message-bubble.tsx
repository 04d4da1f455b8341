import { cx } from "@/components/format";
import { DateTimeText } from "@/components/local-time";
import type { ThreadMessage } from "@/db/queries/threads";
import { MediaAttachment } from "./media-attachment";

const MEDIA_ICON: Record<string, string> = { image: "📷", video: "🎬", audio: "🎤", document: "📄", sticker: "🏷️" };
const MEDIA_LABEL: Record<string, string> = {
  image: "Photo",
  video: "Video",
  audio: "Audio",
  document: "Document",
  sticker: "Sticker",
};

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

function MessageContent({ m }: { m: ThreadMessage }) {
  const content = obj(m.content);
  if (m.type in MEDIA_ICON) {
    // Ingestion stores media fields flat; the demo seed nests them under `media`.
    const media = { ...content, ...obj(content.media) };
    const fileName = str(media.fileName) ?? str(media.filename);
    const caption = str(media.caption) ?? m.body ?? undefined;
    const label = m.type === "audio" && media.voice ? "Voice message" : MEDIA_LABEL[m.type];
    if (m.media) {
      return (
        <div>
          <MediaAttachment media={m.media} outbound={m.direction === "outbound"} />
          {caption && m.type !== "document" ? <p className="mt-1 whitespace-pre-wrap break-words">{caption}</p> : null}
          {caption && m.type === "document" && str(media.caption) ? (
            <p className="mt-1 whitespace-pre-wrap break-words">{str(media.caption)}</p>
          ) : null}
        </div>
      );
    }
    return (
      <div>
        <div className="flex items-center gap-2 rounded-lg bg-black/5 px-2.5 py-2 text-sm">
          <span aria-hidden>{MEDIA_ICON[m.type]}</span>
          <span className="min-w-0 truncate font-medium">{fileName ?? label}</span>
          {fileName ? <span className="shrink-0 text-xs opacity-70">{label}</span> : null}
        </div>
        {caption ? <p className="mt-1 whitespace-pre-wrap break-words">{caption}</p> : null}
      </div>
    );
  }
  if (m.type === "location") {
    const location = { ...content, ...obj(content.location) };
    const lat = Number(location.latitude);
    const lng = Number(location.longitude);
    const place = [str(location.name), str(location.address)].filter(Boolean).join(", ");
    return (
      <div className="text-sm">
        <p className="font-medium">📍 {place || "Location"}</p>
        {Number.isFinite(lat) && Number.isFinite(lng) ? (
          <a
            className="text-xs underline"
            href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}`}
            target="_blank"
            rel="noreferrer"
          >
            {lat.toFixed(5)}, {lng.toFixed(5)} · open map
          </a>
        ) : null}
      </div>
    );
  }
  if (m.type === "contacts") {
    const contacts = Array.isArray(content.contacts) ? (content.contacts as Json[]) : [];
    return (
      <div className="space-y-1 text-sm">
        {contacts.length === 0 ? <p>{m.summary}</p> : null}
        {contacts.map((c, i) => (
          <div key={i} className="rounded-lg bg-black/5 px-2.5 py-1.5">
            <p className="font-medium">👤 {str(c.name) ?? "Contact"}</p>
            {(Array.isArray(c.phones) ? (c.phones as Json[]) : []).map((p, j) => (
              <p key={j} className="text-xs">
                {str(p.phone)}
              </p>
            ))}
          </div>
        ))}
      </div>
    );
  }
  if (m.body) return <p className="whitespace-pre-wrap break-words">{m.body}</p>;
  return <p className="italic opacity-80">{m.summary}</p>;
}

function StatusTicks({ m }: { m: ThreadMessage }) {
  if (m.direction !== "outbound" || !m.status) return null;
  const error = obj(m.statusError);
  const reason =
    str(error.message) ??
    str(error.title) ??
    str(obj(error.error_data).details) ??
    (error.code ? `code ${String(error.code)}` : undefined);
  const label: Record<string, string> = {
    sending: "Sending…",
    sent: "Sent ✓",
    delivered: "Delivered ✓✓",
    read: "Read ✓✓",
    played: "Played ✓✓",
    failed: "Not delivered",
    unknown: "May not have been sent",
  };
  return (
    <span
      data-testid="message-status"
      data-status={m.status}
      className={cx(
        m.status === "read" || m.status === "played" ? "text-sky-200" : "",
        m.status === "failed" || m.status === "unknown" ? "font-medium text-rose-100" : "",
      )}
    >
      {label[m.status] ?? m.status}
      {m.status === "failed" && reason ? `: ${reason}` : ""}
    </span>
  );
}

export function MessageBubble({ message: m }: { message: ThreadMessage }) {
  if (m.type === "system" || m.type === "request_welcome") {
    return (
      <li className="py-1 text-center">
        <span className="inline-block rounded-full bg-slate-200/70 px-3 py-1 text-xs text-slate-600">
          {m.body ?? m.summary}
        </span>
      </li>
    );
  }
  const outbound = m.direction === "outbound";
  const failed = outbound && (m.status === "failed" || m.status === "unknown");
  return (
    <li
      className={cx("flex", outbound ? "justify-end" : "justify-start")}
      data-testid="message"
      data-direction={m.direction}
    >
      <div className={cx("relative max-w-[85%] sm:max-w-[75%]", m.reactionEmoji && "mb-3")}>
        <div
          className={cx(
            "rounded-2xl px-3 py-2 text-[15px] leading-snug shadow-sm",
            outbound
              ? failed
                ? "rounded-br-md bg-rose-600 text-white"
                : "rounded-br-md bg-brand-600 text-white"
              : "rounded-bl-md bg-white text-slate-900 ring-1 ring-slate-200",
          )}
        >
          {m.quoted ? (
            <div
              className={cx(
                "mb-1.5 border-l-2 pl-2 text-xs",
                outbound ? "border-white/60 text-white/85" : "border-brand-500 text-slate-500",
              )}
            >
              <span className="font-medium">{m.quoted.direction === "outbound" ? "You" : "Customer"}:</span>{" "}
              <span className="line-clamp-2">{m.quoted.summary}</span>
            </div>
          ) : null}
          <MessageContent m={m} />
          <div
            className={cx(
              "mt-1 flex flex-wrap justify-end gap-x-2 text-[11px]",
              outbound ? "text-white/80" : "text-slate-400",
            )}
          >
            <time dateTime={m.createdAt}>
              <DateTimeText iso={m.createdAt} />
            </time>
            <StatusTicks m={m} />
          </div>
        </div>
        {m.reactionEmoji ? (
          <span
            className={cx(
              "absolute -bottom-3 rounded-full bg-white px-1.5 text-sm shadow ring-1 ring-slate-200",
              outbound ? "left-2" : "right-2",
            )}
            aria-label={`Reaction ${m.reactionEmoji}`}
          >
            {m.reactionEmoji}
          </span>
        ) : null}
      </div>
    </li>
  );
}
