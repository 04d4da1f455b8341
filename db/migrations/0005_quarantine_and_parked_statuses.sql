CREATE TABLE "parked_statuses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instructor_id" uuid NOT NULL,
	"external_message_id" text NOT NULL,
	"status" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"errors" jsonb,
	"recipient_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "unroutable_inbound" ALTER COLUMN "message" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "unroutable_inbound" ADD COLUMN "kind" text DEFAULT 'unroutable' NOT NULL;--> statement-breakpoint
ALTER TABLE "unroutable_inbound" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "parked_statuses" ADD CONSTRAINT "parked_statuses_instructor_id_instructors_id_fk" FOREIGN KEY ("instructor_id") REFERENCES "public"."instructors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "parked_statuses_uq" ON "parked_statuses" USING btree ("instructor_id","external_message_id","status");--> statement-breakpoint
CREATE INDEX "parked_statuses_created_idx" ON "parked_statuses" USING btree ("created_at");