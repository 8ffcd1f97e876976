-- The application role: no login (the pool logs in as another user and SETs ROLE to it), not the
-- owner of any table, no BYPASSRLS, so row-level security applies to everything it runs.
-- Roles are cluster-wide: two migrations (two test databases) may create it at the same moment.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', '${appRole}');
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- The user that runs the migrations (and whose pool connects) must be able to SET ROLE to it.
DO $$
BEGIN
    IF NOT pg_has_role(current_user, '${appRole}', 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', '${appRole}', current_user);
    END IF;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), '${appRole}');
    FOREACH t IN ARRAY ARRAY['resources', 'policies', 'findings', 'policy_pair_counts', 'exemptions', 'actions',
            'action_events', 'elevations', 'tenant_events', 'metric_snapshots', 'inventory_sources',
            'ledger_entries', 'ledger_tree_heads', 'idempotency_records', 'locks'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        -- current_setting(…, true) is NULL or '' when no tenant is set: then no row matches.
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''app.tenant_id'', true)) '
                || 'WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t);
        IF t IN ('ledger_entries', 'ledger_tree_heads') THEN
            EXECUTE format('GRANT SELECT, INSERT ON %I TO %I', t, '${appRole}');
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', t, '${appRole}');
        END IF;
    END LOOP;
END
$$;

-- Four readers work across tenants by design: the outbox relay (unpublished events), the source
-- scheduler (every source), the ledger signer (tenants with entries) and the exemption expiry sweep. They opt in per
-- transaction with app.system_scope = 'on'; the policy lets them read, never write.
CREATE POLICY system_read ON tenant_events FOR SELECT USING (current_setting('app.system_scope', true) = 'on');
CREATE POLICY system_read ON inventory_sources FOR SELECT USING (current_setting('app.system_scope', true) = 'on');
CREATE POLICY system_read ON ledger_entries FOR SELECT USING (current_setting('app.system_scope', true) = 'on');
CREATE POLICY system_read ON exemptions FOR SELECT USING (current_setting('app.system_scope', true) = 'on');

-- The ledger is append-only for everyone, owner included (the grants already stop the app role).
CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_tree_heads_append_only BEFORE UPDATE OR DELETE ON ledger_tree_heads
    FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_tree_heads_no_truncate BEFORE TRUNCATE ON ledger_tree_heads
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();
