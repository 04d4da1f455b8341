"use client";
/**
 * The unread count in the tab: in front of the title, drawn on the favicon (a canvas badge over the
 * app icon), and on the installed app's icon where the Badging API exists. It shares the "conversations"
 * query key with the inbox list, so whatever refreshes the list (a poll, opening a conversation,
 * approving a draft) refreshes it too; it keeps polling in a background tab, where the title matters.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { fetchJson } from "@/components/fetch-json";
import { titleWithUnread, unreadLabel } from "@/lib/push/unread-title";

const FAVICON = "/icons/favicon-32.png";

function drawBadgedFavicon(count: number, done: (href: string) => void) {
  const image = new Image();
  image.onload = () => {
    const size = 64;
    const canvas = document.createElement("canvas");
    canvas.width = size;
    canvas.height = size;
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.drawImage(image, 0, 0, size, size);
    const label = unreadLabel(count);
    const radius = label.length > 1 ? 20 : 17;
    ctx.fillStyle = "#dc2626";
    ctx.beginPath();
    ctx.arc(size - radius, radius, radius, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = "#ffffff";
    ctx.font = `bold ${label.length > 2 ? 17 : label.length > 1 ? 22 : 26}px system-ui, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(label, size - radius, radius + 1);
    done(canvas.toDataURL("image/png"));
  };
  image.src = FAVICON;
}

function setFavicon(href: string) {
  const links = document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]');
  if (links.length === 0) {
    const link = document.createElement("link");
    link.rel = "icon";
    document.head.appendChild(link);
    link.href = href;
    return;
  }
  for (const link of links) if (link.getAttribute("href") !== href) link.href = href;
}

export function UnreadBadge() {
  const { data } = useQuery({
    queryKey: ["conversations", "unread"],
    queryFn: () => fetchJson<{ conversations: number }>("/api/unread"),
    refetchInterval: () => (typeof document !== "undefined" && document.hidden ? 15_000 : 3_000),
    refetchIntervalInBackground: true,
    refetchOnReconnect: "always",
  });
  const count = data?.conversations ?? 0;

  useEffect(() => {
    const apply = () => {
      const next = titleWithUnread(document.title, count);
      if (document.title !== next) document.title = next;
    };
    apply();
    // Next.js sets the title again on every navigation: put the count back each time.
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    document.documentElement.dataset.unread = String(count);

    let cancelled = false;
    if (count > 0) drawBadgedFavicon(count, (href) => !cancelled && setFavicon(href));
    else setFavicon(FAVICON);
    const nav = navigator as Navigator & {
      setAppBadge?: (n?: number) => Promise<void>;
      clearAppBadge?: () => Promise<void>;
    };
    (count > 0 ? nav.setAppBadge?.(count) : nav.clearAppBadge?.())?.catch(() => {});
    return () => {
      cancelled = true;
      observer.disconnect();
    };
  }, [count]);

  return null;
}
