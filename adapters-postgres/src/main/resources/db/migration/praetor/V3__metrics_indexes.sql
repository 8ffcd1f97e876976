-- GET /metrics aggregates the open findings of a tenant by severity, policy and type in one
-- GROUPING SETS scan, and the resolved ones of a window: both index-only with these.
CREATE INDEX findings_open_aggregates ON findings (tenant_id, status) INCLUDE (severity, policy_id, resource_type);
CREATE INDEX findings_resolved_at ON findings (tenant_id, status, resolved_at) INCLUDE (first_seen);
