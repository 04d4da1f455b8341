DROP INDEX "conversations_inbox_idx";--> statement-breakpoint
DROP INDEX "conversations_attention_idx";--> statement-breakpoint
CREATE INDEX "conversations_inbox_idx" ON "conversations" USING btree ("instructor_id","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "conversations_attention_idx" ON "conversations" USING btree ("instructor_id","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "conversations"."attention" is not null;