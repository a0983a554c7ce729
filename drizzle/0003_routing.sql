CREATE TABLE "model_routing" (
	"model_id" text PRIMARY KEY NOT NULL,
	"strategy" text DEFAULT 'weighted' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"name" text NOT NULL,
	"secret_encrypted" text NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"concurrency" integer DEFAULT 10 NOT NULL,
	"models" text[],
	"upstream_models" jsonb,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"match" jsonb NOT NULL,
	"action" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "tags" text[];--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "attempts" jsonb;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "route_reason" text;