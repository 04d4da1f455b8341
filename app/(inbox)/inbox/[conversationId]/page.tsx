import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getThread } from "@/db/queries/threads";
import { requireSignedInPage } from "@/server/auth-session";
import { ThreadView } from "./_components/thread-view";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const { instructor } = await requireSignedInPage();
  const { conversationId } = await params;
  // Another instructor's conversation is simply not found: nothing of it is read or shown.
  const thread = await getThread({ instructorId: instructor.id, conversationId });
  if (!thread) notFound();
  // Rendering writes nothing: the thread view marks it read with an explicit POST once it is on screen.
  return <ThreadView key={conversationId} initial={thread} />;
}
