CREATE TABLE "provider_health_days" (
	"provider" text NOT NULL,
	"day" date NOT NULL,
	"checks" integer NOT NULL,
	"ok" integer NOT NULL,
	CONSTRAINT "provider_health_days_provider_day_pk" PRIMARY KEY("provider","day")
);
--> statement-breakpoint
CREATE TABLE "provider_health_samples" (
	"provider" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"latency_ms" integer
);
--> statement-breakpoint
CREATE INDEX "provider_health_samples_at_index" ON "provider_health_samples" USING btree ("at");