-- Praetor's stores. Every table is keyed by tenant first; row-level security (V2) keeps tenants apart.
-- Times are timestamptz (microseconds), JSON trees jsonb.

CREATE TABLE resources (
    tenant_id    text COLLATE "C"        NOT NULL,
    id           text COLLATE "C"        NOT NULL,
    key          text        NOT NULL,
    provider     text COLLATE "C"        NOT NULL,
    type         text COLLATE "C"        NOT NULL,
    name         text COLLATE "C"        NOT NULL,
    region       text COLLATE "C"        NOT NULL,
    account      text COLLATE "C"        NOT NULL,
    tags         jsonb       NOT NULL,
    properties   jsonb       NOT NULL,
    source       text COLLATE "C"        NOT NULL,
    observed_at  timestamptz NOT NULL,
    version      bigint      NOT NULL,
    content_hash text        NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX resources_type ON resources (tenant_id, type, id);
CREATE INDEX resources_scope ON resources (tenant_id, source, provider, account, region);
CREATE INDEX resources_tags ON resources USING gin (tags jsonb_path_ops);

CREATE TABLE policies (
    tenant_id   text COLLATE "C"        NOT NULL,
    id          text COLLATE "C"        NOT NULL,
    title       text        NOT NULL,
    severity    text        NOT NULL,
    mode        text        NOT NULL,
    version     bigint      NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text        NOT NULL,
    source_yaml text        NOT NULL,
    -- description, frameworks, labels, types, scope, variables, expressions, params, remediation, tests
    document    jsonb       NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE findings (
    tenant_id     text COLLATE "C"             NOT NULL,
    id            text COLLATE "C"             NOT NULL,
    policy_id     text COLLATE "C"             NOT NULL,
    resource_id   text COLLATE "C"             NOT NULL,
    resource_key  text             NOT NULL,
    resource_type text             NOT NULL,
    account       text COLLATE "C"             NOT NULL,
    severity      text             NOT NULL,
    risk_score    double precision NOT NULL,
    status        text             NOT NULL,
    title         text             NOT NULL,
    message       text             NOT NULL,
    first_seen    timestamptz      NOT NULL,
    last_seen     timestamptz      NOT NULL,
    resolved_at   timestamptz,
    exemption_id  text,
    action_ids    jsonb            NOT NULL,
    frameworks    jsonb            NOT NULL,
    tags          jsonb            NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, policy_id, resource_id)
);
CREATE INDEX findings_status ON findings (tenant_id, status, id);

CREATE TABLE policy_pair_counts (
    tenant_id text COLLATE "C"   NOT NULL,
    policy_id text COLLATE "C"   NOT NULL,
    passing   bigint NOT NULL,
    violating bigint NOT NULL,
    exempted  bigint NOT NULL,
    errored   bigint NOT NULL,
    PRIMARY KEY (tenant_id, policy_id)
);

CREATE TABLE exemptions (
    tenant_id   text COLLATE "C"        NOT NULL,
    id          text COLLATE "C"        NOT NULL,
    policy_id   text COLLATE "C"        NOT NULL,
    resource_id text,
    selector    text,
    reason      text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    CHECK ((resource_id IS NULL) <> (selector IS NULL))
);

CREATE TABLE actions (
    tenant_id     text COLLATE "C"        NOT NULL,
    id            text COLLATE "C"        NOT NULL,
    state         text        NOT NULL,
    handler       text        NOT NULL,
    resource_id   text COLLATE "C"        NOT NULL,
    resource_key  text        NOT NULL,
    finding_id    text,
    policy_id     text,
    requested_by  text        NOT NULL,
    dry_run       boolean     NOT NULL,
    reason        text        NOT NULL,
    params        jsonb       NOT NULL,
    approvals     jsonb       NOT NULL,
    plan          jsonb,
    result        jsonb,
    evidence      jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    revision      bigint      NOT NULL,
    last_seq      bigint      NOT NULL,
    attempts      integer     NOT NULL,
    -- the fencing token of the lease under which the last transition was written
    fencing_token bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX actions_state ON actions (tenant_id, state, id);

CREATE TABLE action_events (
    tenant_id text COLLATE "C"        NOT NULL,
    action_id text COLLATE "C"        NOT NULL,
    seq       bigint      NOT NULL CHECK (seq >= 1),
    type      text COLLATE "C"        NOT NULL,
    state     text        NOT NULL,
    at        timestamptz NOT NULL,
    message   text        NOT NULL,
    data      jsonb       NOT NULL,
    PRIMARY KEY (tenant_id, action_id, seq)
);

CREATE TABLE elevations (
    tenant_id        text COLLATE "C"        NOT NULL,
    id               text COLLATE "C"        NOT NULL,
    principal        text        NOT NULL,
    reason           text        NOT NULL,
    action_id        text,
    state            text        NOT NULL,
    requested_at     timestamptz NOT NULL,
    duration_seconds bigint      NOT NULL,
    approved_by      text,
    expires_at       timestamptz,
    revision         bigint      NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE tenant_events (
    tenant_id text COLLATE "C"        NOT NULL,
    seq       bigint      NOT NULL CHECK (seq >= 1),
    type      text COLLATE "C"        NOT NULL,
    at        timestamptz NOT NULL,
    data      jsonb       NOT NULL,
    published boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX tenant_events_unpublished ON tenant_events (at, tenant_id, seq) WHERE NOT published;

CREATE TABLE metric_snapshots (
    tenant_id        text COLLATE "C"             NOT NULL,
    day              date             NOT NULL,
    compliance_score double precision NOT NULL,
    findings_open    bigint           NOT NULL,
    resources_total  bigint           NOT NULL,
    taken_at         timestamptz      NOT NULL,
    PRIMARY KEY (tenant_id, day)
);

CREATE TABLE inventory_sources (
    tenant_id        text COLLATE "C"        NOT NULL,
    id               text COLLATE "C"        NOT NULL,
    kind             text        NOT NULL,
    endpoint         text,
    region           text,
    account          text,
    schedule_seconds bigint,
    created_at       timestamptz NOT NULL,
    created_by       text        NOT NULL,
    last_sync_at     timestamptz,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE ledger_entries (
    tenant_id      text COLLATE "C"        NOT NULL,
    seq            bigint      NOT NULL CHECK (seq >= 0),
    at             timestamptz NOT NULL,
    actor          text        NOT NULL,
    kind           text        NOT NULL,
    subject        text        NOT NULL,
    payload_sha256 text        NOT NULL,
    leaf_hash      text        NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);

CREATE TABLE ledger_tree_heads (
    tenant_id text COLLATE "C"        NOT NULL,
    tree_size bigint      NOT NULL,
    root_hash text        NOT NULL,
    signed_at timestamptz NOT NULL,
    jws       text        NOT NULL,
    PRIMARY KEY (tenant_id, tree_size)
);

CREATE TABLE idempotency_records (
    tenant_id    text COLLATE "C"        NOT NULL,
    principal    text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    completed    boolean     NOT NULL,
    status       integer,
    content_type text,
    headers      jsonb,
    body         bytea,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, principal, key)
);

-- One row per lock name, kept after release so the next lease gets a higher fencing token.
CREATE TABLE locks (
    tenant_id  text COLLATE "C"        NOT NULL,
    name       text COLLATE "C"        NOT NULL,
    owner      text,
    token      bigint      NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, name)
);
