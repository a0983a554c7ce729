ALTER TABLE "stored_responses" ADD COLUMN "previous_id" text;--> statement-breakpoint
ALTER TABLE "stored_responses" ADD COLUMN "depth" integer DEFAULT 0 NOT NULL;