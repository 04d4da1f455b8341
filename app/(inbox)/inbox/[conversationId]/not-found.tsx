import Link from "next/link";

export default function ConversationNotFound() {
  return (
    <div className="flex flex-1 items-center justify-center p-8 text-center">
      <div>
        <h1 className="text-lg font-semibold">Conversation not found</h1>
        <p className="mt-1 text-sm text-slate-500">It does not exist, or it is not one of yours.</p>
        <Link
          href="/inbox"
          className="mt-4 inline-block rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Back to the inbox
        </Link>
      </div>
    </div>
  );
}
