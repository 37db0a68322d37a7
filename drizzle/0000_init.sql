CREATE TABLE "audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"actor" text NOT NULL,
	"operation" text NOT NULL,
	"connection_id" text NOT NULL,
	"vendor" text NOT NULL,
	"provider_key" text,
	"status" text NOT NULL,
	"input" jsonb NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"vendor_requests" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" jsonb,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "connection_syncs" (
	"connection_id" text PRIMARY KEY NOT NULL,
	"vendor" text NOT NULL,
	"synced_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_error" jsonb
);
--> statement-breakpoint
CREATE TABLE "provider_snapshots" (
	"connection_id" text NOT NULL,
	"provider_key" text NOT NULL,
	"vendor" text NOT NULL,
	"state" jsonb NOT NULL,
	"version" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "provider_snapshots_connection_id_provider_key_pk" PRIMARY KEY("connection_id","provider_key")
);
--> statement-breakpoint
CREATE INDEX "audit_events_started_idx" ON "audit_events" USING btree ("started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_provider_idx" ON "audit_events" USING btree ("connection_id","provider_key","started_at" DESC NULLS LAST);