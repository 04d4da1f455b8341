"use client";
/**
 * The draft panel's requests (approve, save, reject, a fresh proposal): one mutation at a time, the
 * server's plain-words answer kept as the outcome to show, and the thread refreshed after each.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

export type DraftOutcome = { tone: "ok" | "warn" | "error"; text: string };

export interface DraftRequest {
  url: string;
  method: "POST" | "PATCH";
  body: unknown;
}

interface ApiResult {
  kind: string;
  message: string;
}

async function post({ url, method, body }: DraftRequest): Promise<ApiResult> {
  // Every answer carries a plain-words message, also the refusals (409, 422, 502): show it.
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as ApiResult | null;
  return json ?? { kind: "error", message: `Request failed (${response.status}).` };
}

function toneOf(kind: string): DraftOutcome["tone"] {
  if (kind === "sent" || kind === "edited" || kind === "rejected" || kind === "already_submitted") return "ok";
  if (kind === "approved_not_sent" || kind === "unknown" || kind === "conflict") return "warn";
  return "error";
}

/** `onAccepted`: the server took the request (anything but a refused input), so the editor's state is settled. */
export function useDraftActions({ conversationId, onAccepted }: { conversationId: string; onAccepted: () => void }) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<DraftOutcome | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["thread", conversationId] }),
      queryClient.invalidateQueries({ queryKey: ["conversations"] }),
    ]);
  const mutation = useMutation({
    mutationFn: post,
    onSuccess: async (result) => {
      setOutcome({ tone: toneOf(result.kind), text: result.message });
      if (result.kind !== "invalid") onAccepted();
      await refresh();
    },
    onError: (error) => setOutcome({ tone: "error", text: `${error.message}. Nothing changed; try again.` }),
  });
  return { send: mutation.mutate, pending: mutation.isPending, outcome };
}
