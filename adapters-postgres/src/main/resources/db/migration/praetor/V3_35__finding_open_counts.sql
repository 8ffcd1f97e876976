-- GET /metrics counts a tenant's open findings by severity, by policy and by resource type (ADR 0035).
-- Aggregating them per request read every open finding of the tenant (8,000 index entries a call in
-- the bench, 4 ms of a 20 ms budget before any waiting); these counts are kept instead, by triggers,
-- in the same statement (so the same transaction) as every write of findings, whichever code path or
-- tool makes it. One row per (tenant, dimension, value); a row whose count went back to 0 stays and
-- is skipped by the read.
CREATE TABLE finding_open_counts (
    tenant_id text COLLATE "C" NOT NULL,
    dimension text COLLATE "C" NOT NULL CHECK (dimension IN ('severity', 'policy', 'type')),
    value     text COLLATE "C" NOT NULL,
    n         bigint           NOT NULL,
    PRIMARY KEY (tenant_id, dimension, value)
);

ALTER TABLE finding_open_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE finding_open_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON finding_open_counts USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
DO $$
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON finding_open_counts TO %I', '${appRole}');
END
$$;

-- Statement-level, with transition tables: one grouped upsert per statement whatever its row count
-- (a 500-row upsert of findings is one more statement, not 500). The rows are upserted in key order,
-- so two statements lock the counts they share in the same order. Runs as the writer (SECURITY
-- INVOKER): row-level security applies to the counts as to the findings that changed them.
CREATE FUNCTION finding_open_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO finding_open_counts AS c (tenant_id, dimension, value, n)
        SELECT f.tenant_id, d.dimension, d.value, count(*)
        FROM new_findings f
        CROSS JOIN LATERAL (VALUES ('severity', f.severity), ('policy', f.policy_id), ('type', f.resource_type))
            AS d(dimension, value)
        WHERE f.status = 'open'
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (tenant_id, dimension, value) DO UPDATE SET n = c.n + excluded.n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO finding_open_counts AS c (tenant_id, dimension, value, n)
        SELECT f.tenant_id, d.dimension, d.value, sum(f.delta)
        FROM (SELECT tenant_id, severity, policy_id, resource_type, 1 AS delta FROM new_findings WHERE status = 'open'
              UNION ALL
              SELECT tenant_id, severity, policy_id, resource_type, -1 FROM old_findings WHERE status = 'open') f
        CROSS JOIN LATERAL (VALUES ('severity', f.severity), ('policy', f.policy_id), ('type', f.resource_type))
            AS d(dimension, value)
        GROUP BY 1, 2, 3 HAVING sum(f.delta) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (tenant_id, dimension, value) DO UPDATE SET n = c.n + excluded.n;
    ELSE
        UPDATE finding_open_counts c SET n = c.n - gone.n
        FROM (SELECT f.tenant_id, d.dimension, d.value, count(*) AS n
              FROM old_findings f
              CROSS JOIN LATERAL (VALUES ('severity', f.severity), ('policy', f.policy_id), ('type', f.resource_type))
                  AS d(dimension, value)
              WHERE f.status = 'open'
              GROUP BY 1, 2, 3) gone
        WHERE c.tenant_id = gone.tenant_id AND c.dimension = gone.dimension AND c.value = gone.value;
    END IF;
    RETURN NULL;
END
$$;

-- PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
-- INSERT … ON CONFLICT DO UPDATE fires both: inserted rows reach the first, updated ones the second.
CREATE TRIGGER finding_open_counts_insert AFTER INSERT ON findings
    REFERENCING NEW TABLE AS new_findings FOR EACH STATEMENT EXECUTE FUNCTION finding_open_counts_apply();
CREATE TRIGGER finding_open_counts_update AFTER UPDATE ON findings
    REFERENCING OLD TABLE AS old_findings NEW TABLE AS new_findings
    FOR EACH STATEMENT EXECUTE FUNCTION finding_open_counts_apply();
CREATE TRIGGER finding_open_counts_delete AFTER DELETE ON findings
    REFERENCING OLD TABLE AS old_findings FOR EACH STATEMENT EXECUTE FUNCTION finding_open_counts_apply();

-- The findings already stored. findings forces row-level security on its owner too (V2), which would
-- hide every row from a migration user that is not a superuser: lifted for this statement only (DDL
-- is transactional: no other transaction ever sees findings without it).
ALTER TABLE findings NO FORCE ROW LEVEL SECURITY;
ALTER TABLE finding_open_counts NO FORCE ROW LEVEL SECURITY;
INSERT INTO finding_open_counts (tenant_id, dimension, value, n)
SELECT f.tenant_id, d.dimension, d.value, count(*)
FROM findings f
CROSS JOIN LATERAL (VALUES ('severity', f.severity), ('policy', f.policy_id), ('type', f.resource_type))
    AS d(dimension, value)
WHERE f.status = 'open'
GROUP BY 1, 2, 3;
ALTER TABLE findings FORCE ROW LEVEL SECURITY;
ALTER TABLE finding_open_counts FORCE ROW LEVEL SECURITY;
