-- identityProviders' search: ILIKE on search_text through a trigram index. pg_trgm ships with PostgreSQL (contrib,
-- a trusted extension since 13: the database owner may create it) and with PGlite (src/store/open.ts loads it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "provider_snapshots" ADD COLUMN "display_name" text GENERATED ALWAYS AS (state->>'displayName') STORED;--> statement-breakpoint
ALTER TABLE "provider_snapshots" ADD COLUMN "enabled" boolean GENERATED ALWAYS AS ((state->>'enabled')::boolean) STORED;--> statement-breakpoint
ALTER TABLE "provider_snapshots" ADD COLUMN "protocol" text GENERATED ALWAYS AS (state->>'protocol') STORED;--> statement-breakpoint
ALTER TABLE "provider_snapshots" ADD COLUMN "client_id" text GENERATED ALWAYS AS (state->>'clientId') STORED;--> statement-breakpoint
ALTER TABLE "provider_snapshots" ADD COLUMN "search_text" text GENERATED ALWAYS AS (coalesce(state->>'displayName', '') || chr(10) || provider_key || chr(10) || coalesce(state->>'clientId', '')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "provider_snapshots_search_idx" ON "provider_snapshots" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "provider_snapshots_name_order_idx" ON "provider_snapshots" USING btree (lower("display_name") collate "C","connection_id" collate "C","provider_key" collate "C");