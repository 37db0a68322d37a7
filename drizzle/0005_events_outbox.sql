CREATE TABLE "outbox_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"connection_id" text,
	"provider_key" text,
	"audit_event_id" uuid,
	"data" jsonb,
	"dedupe_key" text,
	"fanned_out_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scheduled_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_instance" uuid
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "provider_snapshots" ADD COLUMN "certificates_version" text;--> statement-breakpoint
ALTER TABLE "provider_snapshots" ADD COLUMN "certificate_not_after" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_outbox_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."outbox_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_events_audit_idx" ON "outbox_events" USING btree ("audit_event_id","type") WHERE audit_event_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_events_dedupe_idx" ON "outbox_events" USING btree ("dedupe_key") WHERE dedupe_key is not null;--> statement-breakpoint
CREATE INDEX "outbox_events_unfanned_idx" ON "outbox_events" USING btree ("occurred_at") WHERE fanned_out_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_endpoint_idx" ON "webhook_deliveries" USING btree ("event_id","endpoint");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE status = 'PENDING';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "provider_snapshots_certificate_idx" ON "provider_snapshots" USING btree ("certificate_not_after") WHERE certificate_not_after is not null;--> statement-breakpoint
CREATE INDEX "provider_snapshots_certificates_unscanned_idx" ON "provider_snapshots" USING btree ("connection_id") WHERE certificates_version is distinct from version;--> statement-breakpoint
-- The outbox rows of audit rows, written by the database in the transaction that finishes the row (or records a
-- drift), whatever code path does it: a crash can never keep an event from a row that the audit trail holds.
-- Deferred to the commit, so it sees the row as the transaction left it (a drift row is inserted, then finished);
-- each firing adds the event at most once per (row, type). A row reconciled from UNKNOWN to SUCCEEDED later tells
-- both. PENDING, DRY_RUN and REJECTED rows (nothing was changed at a vendor) tell nothing.
CREATE FUNCTION outbox_audit_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox_events (type, occurred_at, connection_id, provider_key, audit_event_id)
  SELECT kinds.type, coalesce(a.finished_at, a.started_at), a.connection_id, a.provider_key, a.id
  FROM audit_events a
  CROSS JOIN LATERAL (SELECT CASE
    WHEN a.kind = 'DRIFT_DETECTED' THEN 'drift.detected'
    WHEN a.status = 'SUCCEEDED' AND a.before IS NULL THEN 'provider.created'
    WHEN a.status = 'SUCCEEDED' AND a.after IS NULL THEN 'provider.deleted'
    WHEN a.status = 'SUCCEEDED' THEN 'provider.updated'
    WHEN a.status = 'FAILED' THEN 'mutation.failed'
    WHEN a.status = 'UNKNOWN' THEN 'mutation.unknown'
  END AS type) kinds
  WHERE a.id = NEW.id AND kinds.type IS NOT NULL
  ON CONFLICT (audit_event_id, type) WHERE audit_event_id IS NOT NULL DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_events_outbox AFTER INSERT OR UPDATE OF status ON audit_events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.status NOT IN ('PENDING', 'DRY_RUN', 'REJECTED'))
  EXECUTE FUNCTION outbox_audit_event();
