-- Re-evaluating a changed resource reads its findings (ADR 0029): without this index that read
-- scanned every finding of the tenant, once per changed resource.
CREATE INDEX findings_by_resource ON findings (tenant_id, resource_id);
