/** The one-line summary of a message (messages.summary, the inbox preview), inbound and outbound alike. */
const SUMMARY_MAX = 140;

/** Collapse whitespace to one line and cut at a readable length, never inside a character. */
export function oneLine(text: string, max = SUMMARY_MAX): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  return `${Array.from(line)
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}
