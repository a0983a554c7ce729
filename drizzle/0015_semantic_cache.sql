CREATE TABLE "semantic_cache_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"scope" text NOT NULL,
	"versions" text NOT NULL,
	"bucket" text NOT NULL,
	"model" text NOT NULL,
	"embedding" real[] NOT NULL,
	"answer_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "cache_semantic" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "cache_semantic_threshold" double precision DEFAULT 0.9 NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "cache_semantic_model" text;--> statement-breakpoint
ALTER TABLE "semantic_cache_entries" ADD CONSTRAINT "semantic_cache_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "semantic_cache_entries_scope_bucket_created_at_index" ON "semantic_cache_entries" USING btree ("scope","bucket","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "semantic_cache_entries_expires_at_index" ON "semantic_cache_entries" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "semantic_cache_entries_user_id_index" ON "semantic_cache_entries" USING btree ("user_id");