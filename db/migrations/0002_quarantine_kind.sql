ALTER TABLE "unroutable_inbound" ALTER COLUMN "message" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "unroutable_inbound" ADD COLUMN "kind" text DEFAULT 'unroutable' NOT NULL;--> statement-breakpoint
ALTER TABLE "unroutable_inbound" ADD COLUMN "reason" text;