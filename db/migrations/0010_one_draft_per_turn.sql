ALTER TABLE "drafts" DROP CONSTRAINT "drafts_message_id_unique";--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "superseded_by" uuid;--> statement-breakpoint
CREATE INDEX "drafts_message_idx" ON "drafts" USING btree ("message_id");--> statement-breakpoint
-- Hand-written: earlier databases may hold several open drafts per conversation (one per message);
-- keep the newest as current and mark the others superseded by it, so the unique index below can be built.
WITH ranked AS (SELECT id, row_number() OVER w AS rn, first_value(id) OVER w AS newest FROM drafts WHERE state NOT IN ('superseded', 'rejected', 'sent') WINDOW w AS (PARTITION BY conversation_id ORDER BY created_at DESC, id DESC))
UPDATE drafts d SET superseded_by = r.newest, state = CASE WHEN d.state IN ('pending', 'failed', 'not_drafted', 'proposed') THEN 'superseded' ELSE d.state END FROM ranked r WHERE d.id = r.id AND r.rn > 1;--> statement-breakpoint
CREATE UNIQUE INDEX "drafts_current_per_conversation_uq" ON "drafts" USING btree ("conversation_id") WHERE "drafts"."superseded_by" is null and "drafts"."state" not in ('superseded', 'rejected', 'sent');--> statement-breakpoint
CREATE INDEX "messages_whatsapp_order_idx" ON "messages" USING btree ("conversation_id",coalesce("sent_at", "created_at"),"created_at","id");