ALTER TABLE "instructors" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "instructors" ADD COLUMN "locale" text;