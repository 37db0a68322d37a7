-- NOT VALID: rows left PENDING by a gateway of an earlier version (no owner) are reconciled, not refused.
CREATE TABLE "gateway_instances" (
	"id" uuid PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "owner_instance" uuid;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "serial_key" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "owner_instance" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_one_pending_idx" ON "audit_events" USING btree ("serial_key") WHERE status = 'PENDING';--> statement-breakpoint
CREATE INDEX "audit_events_idempotency_idx" ON "audit_events" USING btree ("actor","idempotency_key") WHERE idempotency_key is not null;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_pending_owned" CHECK (status <> 'PENDING' or (serial_key is not null and owner_instance is not null)) NOT VALID;