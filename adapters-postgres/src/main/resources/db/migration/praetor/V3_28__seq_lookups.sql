-- The end of a tenant's ledger and event log, found by one backward probe of the primary key
-- (tenant_id, seq) whatever the planner believes about the tenant (ADR 0028). A plain max(seq)
-- under row-level security is planned from statistics: for a tenant the statistics do not know yet
-- (a new tenant, a table that grew since the last ANALYZE) PostgreSQL expects one row and reads
-- every row of the tenant instead, so the cost grew with the log (26 ms at 50,000 entries, on every
-- ledger append and every GET /metrics). With sorting priced out, the only plan for ORDER BY seq
-- DESC LIMIT 1 is the index read backwards. SECURITY INVOKER (the default): row-level security
-- applies to the caller as for any other statement, so another tenant's log reads as empty.
CREATE FUNCTION ledger_size(tenant text) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET enable_sort = off
AS $$
    SELECT coalesce((SELECT seq + 1 FROM ledger_entries WHERE tenant_id = tenant ORDER BY seq DESC LIMIT 1), 0)
$$;

CREATE FUNCTION tenant_events_last_seq(tenant text) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET enable_sort = off
AS $$
    SELECT coalesce((SELECT seq FROM tenant_events WHERE tenant_id = tenant ORDER BY seq DESC LIMIT 1), 0)
$$;

REVOKE ALL ON FUNCTION ledger_size(text), tenant_events_last_seq(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_size(text), tenant_events_last_seq(text) TO ${appRole};
