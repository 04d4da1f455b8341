import { Fragment, type ReactNode } from "react";

// WhatsApp's own markup: *bold*, _italic_, ~strikethrough~, ```monospace```. Rendered as React nodes
// (never as HTML), so a value typed into a template cannot inject markup.
const TOKEN = /```([\s\S]+?)```|\*([^*\n]+)\*|_([^_\n]+)_|~([^~\n]+)~/g;

export function WhatsAppText({ text }: { text: string }): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  let i = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index! > last) parts.push(<Fragment key={i++}>{text.slice(last, m.index)}</Fragment>);
    if (m[1] !== undefined)
      parts.push(
        <code key={i++} className="font-mono">
          {m[1]}
        </code>,
      );
    else if (m[2] !== undefined) parts.push(<strong key={i++}>{m[2]}</strong>);
    else if (m[3] !== undefined) parts.push(<em key={i++}>{m[3]}</em>);
    else if (m[4] !== undefined) parts.push(<s key={i++}>{m[4]}</s>);
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push(<Fragment key={i++}>{text.slice(last)}</Fragment>);
  return <>{parts}</>;
}
