package io.praetor.adapters.postgres;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The tables of the V1 migration, declared by hand (the schema is the migrations', not generated
 * from a live database). Column names match {@code db/migration/praetor}.
 */
final class Tables {
    private Tables() {}

    private static <T> Field<T> col(String table, String column, DataType<T> type) {
        return field(name(table, column), type);
    }

    private static Field<String> text(String table, String column) {
        return col(table, column, SQLDataType.VARCHAR);
    }

    private static Field<Long> bigint(String table, String column) {
        return col(table, column, SQLDataType.BIGINT);
    }

    private static Field<Instant> time(String table, String column) {
        return col(table, column, SQLDataType.INSTANT);
    }

    private static Field<JSONB> jsonb(String table, String column) {
        return col(table, column, SQLDataType.JSONB);
    }

    static final class Resources {
        static final String N = "resources";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> ID = text(N, "id");
        static final Field<String> KEY = text(N, "key");
        static final Field<String> PROVIDER = text(N, "provider");
        static final Field<String> TYPE = text(N, "type");
        static final Field<String> NAME = text(N, "name");
        static final Field<String> REGION = text(N, "region");
        static final Field<String> ACCOUNT = text(N, "account");
        static final Field<JSONB> TAGS = jsonb(N, "tags");
        static final Field<JSONB> PROPERTIES = jsonb(N, "properties");
        static final Field<String> SOURCE = text(N, "source");
        static final Field<Instant> OBSERVED_AT = time(N, "observed_at");
        static final Field<Long> VERSION = bigint(N, "version");
        static final Field<String> CONTENT_HASH = text(N, "content_hash");
        static final List<Field<?>> ALL = List.of(TENANT, ID, KEY, PROVIDER, TYPE, NAME, REGION, ACCOUNT, TAGS, PROPERTIES, SOURCE, OBSERVED_AT, VERSION, CONTENT_HASH);
    }

    static final class Policies {
        static final String N = "policies";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> ID = text(N, "id");
        static final Field<String> TITLE = text(N, "title");
        static final Field<String> SEVERITY = text(N, "severity");
        static final Field<String> MODE = text(N, "mode");
        static final Field<Long> VERSION = bigint(N, "version");
        static final Field<Instant> UPDATED_AT = time(N, "updated_at");
        static final Field<String> UPDATED_BY = text(N, "updated_by");
        static final Field<String> SOURCE_YAML = text(N, "source_yaml");
        static final Field<JSONB> DOCUMENT = jsonb(N, "document");
        static final List<Field<?>> ALL = List.of(TENANT, ID, TITLE, SEVERITY, MODE, VERSION, UPDATED_AT, UPDATED_BY, SOURCE_YAML, DOCUMENT);
    }

    static final class TenantEvents {
        static final String N = "tenant_events";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<Long> SEQ = bigint(N, "seq");
        static final Field<String> TYPE = text(N, "type");
        static final Field<Instant> AT = time(N, "at");
        static final Field<JSONB> DATA = jsonb(N, "data");
        static final Field<Boolean> PUBLISHED = col(N, "published", SQLDataType.BOOLEAN);
        static final List<Field<?>> ALL = List.of(TENANT, SEQ, TYPE, AT, DATA, PUBLISHED);
    }

    static final class MetricSnapshots {
        static final String N = "metric_snapshots";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<LocalDate> DAY = col(N, "day", SQLDataType.LOCALDATE);
        static final Field<Double> COMPLIANCE_SCORE = col(N, "compliance_score", SQLDataType.DOUBLE);
        static final Field<Long> FINDINGS_OPEN = bigint(N, "findings_open");
        static final Field<Long> RESOURCES_TOTAL = bigint(N, "resources_total");
        static final Field<Instant> TAKEN_AT = time(N, "taken_at");
        static final List<Field<?>> ALL = List.of(TENANT, DAY, COMPLIANCE_SCORE, FINDINGS_OPEN, RESOURCES_TOTAL, TAKEN_AT);
    }

    static final class InventorySources {
        static final String N = "inventory_sources";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> ID = text(N, "id");
        static final Field<String> KIND = text(N, "kind");
        static final Field<String> ENDPOINT = text(N, "endpoint");
        static final Field<String> REGION = text(N, "region");
        static final Field<String> ACCOUNT = text(N, "account");
        static final Field<Long> SCHEDULE_SECONDS = bigint(N, "schedule_seconds");
        static final Field<Instant> CREATED_AT = time(N, "created_at");
        static final Field<String> CREATED_BY = text(N, "created_by");
        static final Field<Instant> LAST_SYNC_AT = time(N, "last_sync_at");
        static final Field<Boolean> PATH_STYLE = field(name(N, "path_style"), SQLDataType.BOOLEAN);
        static final Field<String> CREDENTIALS_REF = text(N, "credentials_ref");
        static final List<Field<?>> ALL = List.of(TENANT, ID, KIND, ENDPOINT, REGION, ACCOUNT, SCHEDULE_SECONDS, CREATED_AT, CREATED_BY, LAST_SYNC_AT, PATH_STYLE, CREDENTIALS_REF);
    }

    static final class LedgerEntries {
        static final String N = "ledger_entries";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<Long> SEQ = bigint(N, "seq");
        static final Field<Instant> AT = time(N, "at");
        static final Field<String> ACTOR = text(N, "actor");
        static final Field<String> KIND = text(N, "kind");
        static final Field<String> SUBJECT = text(N, "subject");
        static final Field<String> PAYLOAD_SHA256 = text(N, "payload_sha256");
        static final Field<String> LEAF_HASH = text(N, "leaf_hash");
        static final List<Field<?>> ALL = List.of(TENANT, SEQ, AT, ACTOR, KIND, SUBJECT, PAYLOAD_SHA256, LEAF_HASH);
    }

    static final class TreeHeads {
        static final String N = "ledger_tree_heads";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<Long> TREE_SIZE = bigint(N, "tree_size");
        static final Field<String> ROOT_HASH = text(N, "root_hash");
        static final Field<Instant> SIGNED_AT = time(N, "signed_at");
        static final Field<String> JWS = text(N, "jws");
        static final List<Field<?>> ALL = List.of(TENANT, TREE_SIZE, ROOT_HASH, SIGNED_AT, JWS);
    }

    static final class Idempotency {
        static final String N = "idempotency_records";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> PRINCIPAL = text(N, "principal");
        static final Field<String> KEY = text(N, "key");
        static final Field<String> REQUEST_HASH = text(N, "request_hash");
        static final Field<Boolean> COMPLETED = col(N, "completed", SQLDataType.BOOLEAN);
        static final Field<Integer> STATUS = col(N, "status", SQLDataType.INTEGER);
        static final Field<String> CONTENT_TYPE = text(N, "content_type");
        static final Field<JSONB> HEADERS = jsonb(N, "headers");
        static final Field<byte[]> BODY = col(N, "body", SQLDataType.BLOB);
        static final Field<Instant> EXPIRES_AT = time(N, "expires_at");
        static final List<Field<?>> ALL = List.of(TENANT, PRINCIPAL, KEY, REQUEST_HASH, COMPLETED, STATUS, CONTENT_TYPE, HEADERS, BODY, EXPIRES_AT);
    }

    static final class Locks {
        static final String N = "locks";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> NAME = text(N, "name");
        static final Field<String> OWNER = text(N, "owner");
        static final Field<Long> TOKEN = bigint(N, "token");
        static final Field<Instant> EXPIRES_AT = time(N, "expires_at");
        static final List<Field<?>> ALL = List.of(TENANT, NAME, OWNER, TOKEN, EXPIRES_AT);
    }
    static final class Findings {
        static final String N = "findings";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> ID = text(N, "id");
        static final Field<String> POLICY_ID = text(N, "policy_id");
        static final Field<String> RESOURCE_ID = text(N, "resource_id");
        static final Field<String> RESOURCE_KEY = text(N, "resource_key");
        static final Field<String> RESOURCE_TYPE = text(N, "resource_type");
        static final Field<String> ACCOUNT = text(N, "account");
        static final Field<String> SEVERITY = text(N, "severity");
        static final Field<Double> RISK_SCORE = col(N, "risk_score", SQLDataType.DOUBLE);
        static final Field<String> STATUS = text(N, "status");
        static final Field<String> TITLE = text(N, "title");
        static final Field<String> MESSAGE = text(N, "message");
        static final Field<Instant> FIRST_SEEN = time(N, "first_seen");
        static final Field<Instant> LAST_SEEN = time(N, "last_seen");
        static final Field<Instant> RESOLVED_AT = time(N, "resolved_at");
        static final Field<String> EXEMPTION_ID = text(N, "exemption_id");
        static final Field<JSONB> ACTION_IDS = jsonb(N, "action_ids");
        static final Field<JSONB> FRAMEWORKS = jsonb(N, "frameworks");
        static final Field<JSONB> TAGS = jsonb(N, "tags");
        static final List<Field<?>> ALL = List.of(TENANT, ID, POLICY_ID, RESOURCE_ID, RESOURCE_KEY, RESOURCE_TYPE,
                ACCOUNT, SEVERITY, RISK_SCORE, STATUS, TITLE, MESSAGE, FIRST_SEEN, LAST_SEEN, RESOLVED_AT, EXEMPTION_ID,
                ACTION_IDS, FRAMEWORKS, TAGS);
    }

    static final class PairCountsTable {
        static final String N = "policy_pair_counts";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> POLICY_ID = text(N, "policy_id");
        static final Field<Long> PASSING = bigint(N, "passing");
        static final Field<Long> VIOLATING = bigint(N, "violating");
        static final Field<Long> EXEMPTED = bigint(N, "exempted");
        static final Field<Long> ERRORED = bigint(N, "errored");
    }

    /** The open findings counted by severity, policy and type, kept by triggers on findings (V3_35). */
    static final class OpenCounts {
        static final String N = "finding_open_counts";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> DIMENSION = text(N, "dimension");
        static final Field<String> VALUE = text(N, "value");
        static final Field<Long> N_OPEN = bigint(N, "n");
    }

    static final class Exemptions {
        static final String N = "exemptions";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> ID = text(N, "id");
        static final Field<String> POLICY_ID = text(N, "policy_id");
        static final Field<String> RESOURCE_ID = text(N, "resource_id");
        static final Field<String> SELECTOR = text(N, "selector");
        static final Field<String> REASON = text(N, "reason");
        static final Field<Instant> EXPIRES_AT = time(N, "expires_at");
        static final Field<String> CREATED_BY = text(N, "created_by");
        static final Field<Instant> CREATED_AT = time(N, "created_at");
        static final Field<Instant> REVOKED_AT = time(N, "revoked_at");
        static final List<Field<?>> ALL = List.of(TENANT, ID, POLICY_ID, RESOURCE_ID, SELECTOR, REASON, EXPIRES_AT,
                CREATED_BY, CREATED_AT, REVOKED_AT);
    }
    static final class Actions {
        static final String N = "actions";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> ID = text(N, "id");
        static final Field<String> STATE = text(N, "state");
        static final Field<String> HANDLER = text(N, "handler");
        static final Field<String> RESOURCE_ID = text(N, "resource_id");
        static final Field<String> RESOURCE_KEY = text(N, "resource_key");
        static final Field<String> FINDING_ID = text(N, "finding_id");
        static final Field<String> POLICY_ID = text(N, "policy_id");
        static final Field<String> REQUESTED_BY = text(N, "requested_by");
        static final Field<Boolean> DRY_RUN = col(N, "dry_run", SQLDataType.BOOLEAN);
        static final Field<String> REASON = text(N, "reason");
        static final Field<JSONB> PARAMS = jsonb(N, "params");
        static final Field<JSONB> APPROVALS = jsonb(N, "approvals");
        static final Field<JSONB> PLAN = jsonb(N, "plan");
        static final Field<JSONB> RESULT = jsonb(N, "result");
        static final Field<JSONB> EVIDENCE = jsonb(N, "evidence");
        static final Field<Instant> CREATED_AT = time(N, "created_at");
        static final Field<Instant> UPDATED_AT = time(N, "updated_at");
        static final Field<Long> REVISION = bigint(N, "revision");
        static final Field<Long> LAST_SEQ = bigint(N, "last_seq");
        static final Field<Integer> ATTEMPTS = col(N, "attempts", SQLDataType.INTEGER);
        static final Field<Long> FENCING_TOKEN = bigint(N, "fencing_token");
        static final List<Field<?>> ALL = List.of(TENANT, ID, STATE, HANDLER, RESOURCE_ID, RESOURCE_KEY, FINDING_ID,
                POLICY_ID, REQUESTED_BY, DRY_RUN, REASON, PARAMS, APPROVALS, PLAN, RESULT, EVIDENCE, CREATED_AT,
                UPDATED_AT, REVISION, LAST_SEQ, ATTEMPTS, FENCING_TOKEN);
    }

    static final class ActionEvents {
        static final String N = "action_events";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> ACTION_ID = text(N, "action_id");
        static final Field<Long> SEQ = bigint(N, "seq");
        static final Field<String> TYPE = text(N, "type");
        static final Field<String> STATE = text(N, "state");
        static final Field<Instant> AT = time(N, "at");
        static final Field<String> MESSAGE = text(N, "message");
        static final Field<JSONB> DATA = jsonb(N, "data");
        static final Field<Boolean> ANCHORED = col(N, "anchored", SQLDataType.BOOLEAN);
        static final List<Field<?>> ALL = List.of(TENANT, ACTION_ID, SEQ, TYPE, STATE, AT, MESSAGE, DATA);
    }

    static final class Elevations {
        static final String N = "elevations";
        static final Table<Record> T = table(name(N));
        static final Field<String> TENANT = text(N, "tenant_id");
        static final Field<String> ID = text(N, "id");
        static final Field<String> PRINCIPAL = text(N, "principal");
        static final Field<String> REASON = text(N, "reason");
        static final Field<String> ACTION_ID = text(N, "action_id");
        static final Field<String> STATE = text(N, "state");
        static final Field<Instant> REQUESTED_AT = time(N, "requested_at");
        static final Field<Long> DURATION_SECONDS = bigint(N, "duration_seconds");
        static final Field<String> APPROVED_BY = text(N, "approved_by");
        static final Field<Instant> EXPIRES_AT = time(N, "expires_at");
        static final Field<Long> REVISION = bigint(N, "revision");
        static final List<Field<?>> ALL = List.of(TENANT, ID, PRINCIPAL, REASON, ACTION_ID, STATE, REQUESTED_AT,
                DURATION_SECONDS, APPROVED_BY, EXPIRES_AT, REVISION);
    }
}
