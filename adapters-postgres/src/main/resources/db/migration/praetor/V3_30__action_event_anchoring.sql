-- An action event's ledger entry is written after the event's transaction commits; until the
-- entry is known to be written the event is unanchored, so one lost to a crash in between is
-- found and written by the housekeeping sweep (ADR 0032). Rows from before this migration were
-- anchored as they were written.
ALTER TABLE action_events ADD COLUMN anchored boolean NOT NULL DEFAULT true;
CREATE INDEX action_events_unanchored ON action_events (at) WHERE NOT anchored;
-- the sweep reads across tenants like the outbox relay (V2), and writes only in the event's tenant
CREATE POLICY system_read ON action_events FOR SELECT USING (current_setting('app.system_scope', true) = 'on');
