/** A settings form's answer after a save: a polite status when it worked, an alert when it did not. */
export function FormStatus({ message, testId }: { message: { ok: boolean; text: string } | null; testId: string }) {
  if (!message) return null;
  return (
    <p
      role={message.ok ? "status" : "alert"}
      data-testid={testId}
      className={
        message.ok
          ? "rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
          : "rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700"
      }
    >
      {message.text}
    </p>
  );
}
