CREATE TABLE "provider_changes" (
	"serial_key" text PRIMARY KEY NOT NULL,
	"audit_event_id" uuid NOT NULL
);
--> statement-breakpoint
-- Every PENDING row moves its serial key's last change, in the statement that inserts it, whatever wrote it (an
-- instance of an earlier version too, during a rolling upgrade): no vendor write is sent without it. A mutation
-- whose live read was sent while its lock was being taken trusts that read only when this still names the change
-- the read was based on (src/core/mutations/early-read.ts).
CREATE FUNCTION provider_changes_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO provider_changes (serial_key, audit_event_id) VALUES (NEW.serial_key, NEW.id)
  ON CONFLICT (serial_key) DO UPDATE SET audit_event_id = EXCLUDED.audit_event_id;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_events_provider_changes AFTER INSERT ON audit_events
  FOR EACH ROW WHEN (NEW.status = 'PENDING')
  EXECUTE FUNCTION provider_changes_mark();
--> statement-breakpoint
-- The rows PENDING before this migration are their keys' last PENDING changes too.
INSERT INTO provider_changes (serial_key, audit_event_id)
  SELECT serial_key, id FROM audit_events WHERE status = 'PENDING' AND serial_key IS NOT NULL;
