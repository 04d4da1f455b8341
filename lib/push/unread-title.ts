/** The tab title with the unread count in front ("(3) Inbox · Instructor Inbox"); applying it twice changes nothing. */
const PREFIX = /^\(\d+\+?\) /;

export function unreadLabel(count: number): string {
  return count > 99 ? "99+" : String(count);
}

export function titleWithUnread(title: string, count: number): string {
  const base = title.replace(PREFIX, "");
  return count > 0 ? `(${unreadLabel(count)}) ${base}` : base;
}
