CREATE TABLE "estate_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"connection_ids" jsonb NOT NULL,
	"secret_fingerprints" jsonb NOT NULL,
	"plan" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "change_set_id" uuid;--> statement-breakpoint
CREATE INDEX "estate_plans_expires_idx" ON "estate_plans" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "audit_events_change_set_idx" ON "audit_events" USING btree ("change_set_id") WHERE change_set_id is not null;