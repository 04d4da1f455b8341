export const dynamic = "force-dynamic";

export const metadata = { title: "Inbox" };

/** Desktop: the empty right pane until a conversation is chosen (on a phone the list fills the screen). */
export default function InboxPage() {
  return (
    <div className="hidden h-full flex-1 items-center justify-center p-8 text-center lg:flex">
      <div className="max-w-sm">
        <p className="text-lg font-medium text-slate-700">Choose a conversation</p>
        <p className="mt-1 text-sm text-slate-500">
          Pick one on the left to read it, review its draft and reply. Keyboard:{" "}
          <kbd className="rounded border border-slate-300 bg-white px-1 font-mono text-xs">j</kbd>/
          <kbd className="rounded border border-slate-300 bg-white px-1 font-mono text-xs">k</kbd> move,{" "}
          <kbd className="rounded border border-slate-300 bg-white px-1 font-mono text-xs">e</kbd> edits the draft,{" "}
          <kbd className="rounded border border-slate-300 bg-white px-1 font-mono text-xs">a</kbd> approves it.
        </p>
      </div>
    </div>
  );
}
