ALTER TABLE "requests" ADD COLUMN "app_title" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "app_url" text;