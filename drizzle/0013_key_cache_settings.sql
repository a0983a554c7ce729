ALTER TABLE "api_keys" ADD COLUMN "cache_mode" text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "cache_ttl_seconds" integer DEFAULT 86400 NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "cache_shared" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "cache" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "saved_micro" bigint DEFAULT 0 NOT NULL;