/**
 * `npm run unroutable -- list [--all] [--phone-number-id …]`: what the webhook kept raw instead of filing:
 *   messages whose phone_number_id belonged to no instructor (TA-3: instructor context missing), broken
 *   items of a delivery (invalid_item) and deliveries whose ingestion threw (failed_delivery).
 * `npm run unroutable -- replay [--phone-number-id …]`: ingest those whose number is now mapped
 *   and the quarantined items and deliveries that now pass (idempotent); each new message queues its
 *   turn's drafting, run before the command ends (media fetches are left to the server's or `npm run
 *   worker`'s job worker).
 */
import { parseArgs } from "node:util";
import { closeDb } from "@/db";
import { replayUnroutableInbound } from "@/db/ingestion/replay-unroutable-inbound";
import { env } from "@/server/env";
import { DRAFT_TURN_JOB } from "@/db/orchestration/draft-turn-job-kind";
import { registerDraftTurnJob } from "@/db/orchestration/register-draft-turn-job";
import { drainJobs } from "@/db/queue";
import { listUnroutableInbound } from "@/db/queries/unroutable";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { all: { type: "boolean", default: false }, "phone-number-id": { type: "string" } },
});
const command = positionals[0];

try {
  if (command === "list") {
    const rows = await listUnroutableInbound({ includeReplayed: values.all, phoneNumberId: values["phone-number-id"] });
    if (rows.length === 0) console.log("no unroutable messages");
    for (const row of rows) {
      const message = (row.message ?? {}) as { type?: string; from?: string };
      console.log(
        [
          row.createdAt.toISOString(),
          row.kind,
          `phone_number_id=${row.phoneNumberId ?? "-"}`,
          `from=${message.from ?? "-"}`,
          `type=${message.type ?? "-"}`,
          row.externalMessageId,
          row.replayedAt ? `replayed ${row.replayedAt.toISOString()}` : "pending",
          row.reason ? `reason: ${row.reason}` : "",
        ]
          .filter(Boolean)
          .join("  "),
      );
    }
  } else if (command === "replay") {
    // The replayed messages are all here already: their turns are drafted now, by the drain below, not
    // after a debounce (drainJobs runs due jobs only).
    env.DRAFT_DEBOUNCE_MS = 0;
    const result = await replayUnroutableInbound({ phoneNumberId: values["phone-number-id"] });
    // Replayed messages queued their turns' drafting like any delivery; run those jobs here.
    registerDraftTurnJob();
    const drafted = await drainJobs({ kinds: [DRAFT_TURN_JOB] });
    if (drafted.retried || drafted.failed)
      console.warn(`drafting: ${drafted.retried} to retry later, ${drafted.failed} failed`);
    console.log(
      `replayed ${result.replayed}, duplicates ${result.duplicates}, still unroutable ${result.stillUnroutable}, invalid ${result.invalid}, still failing ${result.stillFailing}`,
    );
  } else {
    console.error("usage: npm run unroutable -- list [--all] [--phone-number-id …] | replay [--phone-number-id …]");
    process.exitCode = 2;
  }
} finally {
  await closeDb();
}
