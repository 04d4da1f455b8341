"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";

export interface SendOnceResult {
  kind: string;
  message: string;
}

// Kinds under which the server stored a message for this key: the next message needs a new key.
const STORED_KINDS = ["sent", "send_failed", "unknown", "already_submitted"];

/**
 * A send to this conversation that happens once per idempotency key: a double submit or a retry reuses the
 * key, a stored message retires it. After each answer the thread and the list are refetched.
 */
export function useSendOnce<R extends SendOnceResult>({
  conversationId,
  send,
  onStored,
}: {
  conversationId: string;
  send: (idempotencyKey: string) => Promise<R>;
  onStored?: () => void;
}) {
  const queryClient = useQueryClient();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const mutation = useMutation({
    mutationFn: () => send(key),
    onSuccess: async (result) => {
      setOutcome({ ok: result.kind === "sent" || result.kind === "already_submitted", text: result.message });
      if (STORED_KINDS.includes(result.kind)) {
        onStored?.();
        setKey(crypto.randomUUID());
      }
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["thread", conversationId] }),
        queryClient.invalidateQueries({ queryKey: ["conversations"] }),
      ]);
    },
    onError: (error) =>
      setOutcome({ ok: false, text: `${error.message}. Not confirmed: press Send again (it will not be sent twice).` }),
  });

  // A double click fires two submits before React re-renders with isPending: the ref refuses the second at once,
  // so one request goes out and its answer is the one shown.
  const inFlight = useRef(false);
  const submit = () => {
    if (inFlight.current) return;
    inFlight.current = true;
    mutation.mutate(undefined, {
      onSettled: () => {
        inFlight.current = false;
      },
    });
  };

  /** Something else is being composed now: forget the last answer and use a new key. */
  const startOver = () => {
    setOutcome(null);
    setKey(crypto.randomUUID());
  };

  return { mutation, submit, outcome, setOutcome, startOver };
}
