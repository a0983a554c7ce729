CREATE TABLE "upstream_models" (
	"account_id" text NOT NULL,
	"provider" text NOT NULL,
	"upstream_model" text NOT NULL,
	"kind" text,
	"context_length" integer,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"missing_since" timestamp with time zone,
	CONSTRAINT "upstream_models_account_id_upstream_model_pk" PRIMARY KEY("account_id","upstream_model")
);
--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "unavailable_since" timestamp with time zone;