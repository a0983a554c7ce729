ALTER TABLE "requests" DROP CONSTRAINT "requests_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "requests" DROP CONSTRAINT "requests_key_id_api_keys_id_fk";
--> statement-breakpoint
ALTER TABLE "requests" DROP CONSTRAINT "requests_price_id_model_prices_id_fk";
