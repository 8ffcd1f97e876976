package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.Findings.*;

import io.praetor.adapters.postgres.Tables.OpenCounts;
import io.praetor.adapters.postgres.Tables.PairCountsTable;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.SortOrder;
import io.praetor.ports.TenantId;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingAggregates;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.finding.PairCounts;
import io.praetor.ports.policy.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * Findings in {@code findings} (unique by tenant, policy and resource: a second finding of a pair is
 * a CONFLICT) and their pair counts in {@code policy_pair_counts}. Listing sorts: id (default, keyset
 * paging), risk_score, last_seen, first_seen, severity (offset paging), ties by id.
 */
final class PostgresFindingStore implements FindingStore {
    private static final int CHUNK = 500;

    private final PostgresTransactions tx;

    PostgresFindingStore(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Finding> get(TenantId tenant, String id) {
        return tx.inTenant(tenant, "reading a finding", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), ID.eq(id)).fetchOptional(PostgresFindingStore::toFinding));
    }

    @Override
    public Optional<Finding> find(TenantId tenant, String policyId, String resourceId) {
        return tx.inTenant(tenant, "reading a finding", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), POLICY_ID.eq(policyId), RESOURCE_ID.eq(resourceId))
                .fetchOptional(PostgresFindingStore::toFinding));
    }

    @Override
    public List<Finding> forResource(TenantId tenant, String resourceId) {
        return tx.inTenant(tenant, "reading a resource's findings", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), RESOURCE_ID.eq(resourceId)).orderBy(ID)
                .fetch(PostgresFindingStore::toFinding));
    }

    @Override
    public Map<String, List<Finding>> forResources(TenantId tenant, Collection<String> resourceIds) {
        if (resourceIds.isEmpty()) return Map.of();
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(resourceIds));
        Map<String, List<Finding>> byResource = new HashMap<>();
        // 5,000 ids an array parameter, like the other id lookups (ADR 0026)
        for (int from = 0; from < ids.size(); from += 5_000) {
            String[] chunk = ids.subList(from, Math.min(ids.size(), from + 5_000)).toArray(String[]::new);
            tx.inTenant(tenant, "reading the findings of resources", dsl -> dsl.select(ALL).from(T)
                    .where(TENANT.eq(tenant.value()), RESOURCE_ID.eq(DSL.any(chunk))).orderBy(ID)
                    .fetch(PostgresFindingStore::toFinding))
                    .forEach(f -> byResource.computeIfAbsent(f.resourceId(), k -> new ArrayList<>()).add(f));
        }
        return byResource;
    }

    @Override
    public List<Finding> forPolicy(TenantId tenant, String policyId) {
        return tx.inTenant(tenant, "reading a policy's findings", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), POLICY_ID.eq(policyId)).orderBy(ID)
                .fetch(PostgresFindingStore::toFinding));
    }

    @Override
    public Page<Finding> query(TenantId tenant, FindingQuery query, PageRequest page) {
        Condition where = conditions(tenant, query);
        Optional<SortOrder> sort = query.sort().filter(s -> !(s.field().equals("id") && !s.descending()));
        if (sort.isEmpty()) {
            Condition keyset = page.cursor().map(c -> ID.gt(Cursors.decode(c, "k:"))).orElse(DSL.noCondition());
            List<Finding> rows = tx.inTenant(tenant, "listing findings", dsl -> dsl.select(ALL).from(T)
                    .where(where, keyset).orderBy(ID).limit(page.limit() + 1).fetch(PostgresFindingStore::toFinding));
            if (rows.size() <= page.limit()) return Page.last(rows);
            List<Finding> items = rows.subList(0, page.limit());
            return new Page<>(items, Optional.of(Cursors.encode("k:" + items.get(items.size() - 1).id())));
        }
        int offset = page.cursor().map(c -> Cursors.offset(Cursors.decode(c, "o:"))).orElse(0);
        SortField<?> order = sortField(sort.get());
        List<Finding> rows = tx.inTenant(tenant, "listing findings", dsl -> dsl.select(ALL).from(T)
                .where(where).orderBy(order, ID.asc()).limit(page.limit() + 1).offset(offset)
                .fetch(PostgresFindingStore::toFinding));
        if (rows.size() <= page.limit()) return Page.last(rows);
        return new Page<>(rows.subList(0, page.limit()), Optional.of(Cursors.encode("o:" + (offset + page.limit()))));
    }

    private static SortField<?> sortField(SortOrder sort) {
        Field<?> f = switch (sort.field()) {
            case "id" -> ID;
            case "risk_score" -> RISK_SCORE;
            case "last_seen" -> LAST_SEEN;
            case "first_seen" -> FIRST_SEEN;
            // ascending severity means least severe first
            case "severity" -> DSL.case_(SEVERITY)
                    .when(Severity.INFO.wireName(), 0).when(Severity.LOW.wireName(), 1)
                    .when(Severity.MEDIUM.wireName(), 2).when(Severity.HIGH.wireName(), 3)
                    .otherwise(4);
            default -> throw new PraetorException(ErrorCode.VALIDATION, "cannot sort findings by " + sort.field());
        };
        return sort.descending() ? f.desc() : f.asc();
    }

    private static Condition conditions(TenantId tenant, FindingQuery q) {
        List<Condition> all = new ArrayList<>();
        all.add(TENANT.eq(tenant.value()));
        q.status().ifPresent(v -> all.add(STATUS.eq(v.wireName())));
        q.severity().ifPresent(v -> all.add(SEVERITY.eq(v.wireName())));
        q.policyId().ifPresent(v -> all.add(POLICY_ID.eq(v)));
        q.resourceId().ifPresent(v -> all.add(RESOURCE_ID.eq(v)));
        q.resourceType().ifPresent(v -> all.add(RESOURCE_TYPE.eq(v)));
        q.account().ifPresent(v -> all.add(ACCOUNT.eq(v)));
        q.framework().ifPresent(v -> all.add(DSL.condition("{0} @> {1}", FRAMEWORKS, DSL.val(JsonColumns.write(List.of(v))))));
        if (!q.tags().isEmpty()) {
            all.add(DSL.condition("{0} @> {1}", TAGS, DSL.val(JsonColumns.write(q.tags()))));
        }
        return DSL.and(all);
    }

    @Override
    public long count(TenantId tenant, FindingQuery query) {
        return tx.inTenant(tenant, "counting findings", dsl -> (long) dsl.fetchCount(T, conditions(tenant, query)));
    }

    /**
     * Two queries: the open findings' counts by severity, policy and type as the triggers of
     * V3_35 keep them in {@code finding_open_counts} (ADR 0035; a few dozen rows a tenant, however
     * many findings), and the resolved ones of the window (index-only on {@code findings_resolved_at}).
     */
    @Override
    public FindingAggregates aggregates(TenantId tenant, java.time.Instant resolvedSince) {
        return tx.inTenant(tenant, "aggregating findings", dsl -> {
            Field<Integer> n = DSL.count();
            Map<String, Long> severity = new HashMap<>();
            Map<String, Long> policy = new HashMap<>();
            Map<String, Long> type = new HashMap<>();
            long open = 0;
            for (Record r : dsl.select(OpenCounts.DIMENSION, OpenCounts.VALUE, OpenCounts.N_OPEN).from(OpenCounts.T)
                    .where(OpenCounts.TENANT.eq(tenant.value()), OpenCounts.N_OPEN.gt(0L))
                    .fetch()) {
                long count = r.get(OpenCounts.N_OPEN);
                String value = r.get(OpenCounts.VALUE);
                switch (r.get(OpenCounts.DIMENSION)) {
                    case "severity" -> {
                        severity.put(value, count);
                        open += count;
                    }
                    case "policy" -> policy.put(value, count);
                    case "type" -> type.put(value, count);
                    default -> throw new PraetorException(ErrorCode.INTERNAL,
                            "finding_open_counts has an unknown dimension " + r.get(OpenCounts.DIMENSION));
                }
            }
            // whole seconds per finding, as Duration.toSeconds counts them
            Field<java.math.BigDecimal> seconds = DSL.sum(DSL.field("floor(extract(epoch from ({0} - {1})))",
                    java.math.BigDecimal.class, RESOLVED_AT, FIRST_SEEN));
            Record resolved = dsl.select(n, seconds).from(T)
                    .where(TENANT.eq(tenant.value()), STATUS.eq(FindingStatus.RESOLVED.wireName()),
                            RESOLVED_AT.ge(resolvedSince))
                    .fetchOne();
            long resolvedCount = resolved == null ? 0 : resolved.get(n);
            long resolvedSeconds = resolved == null || resolved.get(seconds) == null ? 0 : resolved.get(seconds).longValue();
            return new FindingAggregates(open, severity, policy, type, resolvedCount, resolvedSeconds);
        });
    }

    @Override
    public void putAll(TenantId tenant, Collection<Finding> findings) {
        // the last write of an id in one call wins, as it would one by one
        Map<String, Finding> byId = new LinkedHashMap<>();
        for (Finding f : findings) byId.put(f.id(), f);
        List<Finding> all = List.copyOf(byId.values());
        if (all.isEmpty()) return;
        // one savepoint around every chunk: a pair CONFLICT stores nothing of this call
        tx.inTenantAtomically(tenant, "storing findings", dsl -> {
            for (int i = 0; i < all.size(); i += CHUNK) {
                upsert(dsl, tenant, all.subList(i, Math.min(all.size(), i + CHUNK)));
            }
            return null;
        });
    }

    private static void upsert(org.jooq.DSLContext dsl, TenantId tenant, List<Finding> chunk) {
        var insert = dsl.insertInto(T, TENANT, ID, POLICY_ID, RESOURCE_ID, RESOURCE_KEY, RESOURCE_TYPE, ACCOUNT,
                SEVERITY, RISK_SCORE, STATUS, TITLE, MESSAGE, FIRST_SEEN, LAST_SEEN, RESOLVED_AT, EXEMPTION_ID,
                ACTION_IDS, FRAMEWORKS, TAGS);
        for (Finding f : chunk) {
            insert = insert.values(DSL.val(tenant.value()), DSL.val(f.id()), DSL.val(f.policyId()),
                    DSL.val(f.resourceId()), DSL.val(f.resourceKey()), DSL.val(f.resourceType()),
                    DSL.val(f.account()), DSL.val(f.severity().wireName()), DSL.val(f.riskScore()),
                    DSL.val(f.status().wireName()), DSL.val(f.title()), DSL.val(f.message()),
                    DSL.val(f.firstSeen()), DSL.val(f.lastSeen()), DSL.val(f.resolvedAt().orElse(null), RESOLVED_AT),
                    DSL.val(f.exemptionId().orElse(null), EXEMPTION_ID), DSL.val(JsonColumns.write(f.actionIds())),
                    DSL.val(JsonColumns.write(new TreeSet<>(f.frameworks()))), DSL.val(JsonColumns.write(f.tags())));
        }
        var upsert = insert.onConflict(TENANT, ID).doUpdate()
                .set(POLICY_ID, DSL.excluded(POLICY_ID)).set(RESOURCE_ID, DSL.excluded(RESOURCE_ID))
                .set(RESOURCE_KEY, DSL.excluded(RESOURCE_KEY)).set(RESOURCE_TYPE, DSL.excluded(RESOURCE_TYPE))
                .set(ACCOUNT, DSL.excluded(ACCOUNT)).set(SEVERITY, DSL.excluded(SEVERITY))
                .set(RISK_SCORE, DSL.excluded(RISK_SCORE)).set(STATUS, DSL.excluded(STATUS))
                .set(TITLE, DSL.excluded(TITLE)).set(MESSAGE, DSL.excluded(MESSAGE))
                .set(FIRST_SEEN, DSL.excluded(FIRST_SEEN)).set(LAST_SEEN, DSL.excluded(LAST_SEEN))
                .set(RESOLVED_AT, DSL.excluded(RESOLVED_AT)).set(EXEMPTION_ID, DSL.excluded(EXEMPTION_ID))
                .set(ACTION_IDS, DSL.excluded(ACTION_IDS)).set(FRAMEWORKS, DSL.excluded(FRAMEWORKS))
                .set(TAGS, DSL.excluded(TAGS));
        upsert.execute();
    }

    @Override
    public Map<String, PairCounts> pairCounts(TenantId tenant) {
        return tx.inTenant(tenant, "reading pair counts", dsl -> {
            Map<String, PairCounts> out = new HashMap<>();
            dsl.select(PairCountsTable.POLICY_ID, PairCountsTable.PASSING, PairCountsTable.VIOLATING,
                            PairCountsTable.EXEMPTED, PairCountsTable.ERRORED)
                    .from(PairCountsTable.T).where(PairCountsTable.TENANT.eq(tenant.value()))
                    .forEach(r -> out.put(r.value1(), new PairCounts(r.value2(), r.value3(), r.value4(), r.value5())));
            return Map.copyOf(out);
        });
    }

    @Override
    public void adjustPairCounts(TenantId tenant, String policyId, PairCounts d) {
        tx.inTenant(tenant, "adjusting pair counts", dsl -> {
            dsl.insertInto(PairCountsTable.T, PairCountsTable.TENANT, PairCountsTable.POLICY_ID, PairCountsTable.PASSING,
                            PairCountsTable.VIOLATING, PairCountsTable.EXEMPTED, PairCountsTable.ERRORED)
                    .values(tenant.value(), policyId, d.passing(), d.violating(), d.exempted(), d.errored())
                    .onConflict(PairCountsTable.TENANT, PairCountsTable.POLICY_ID).doUpdate()
                    .set(PairCountsTable.PASSING, PairCountsTable.PASSING.plus(d.passing()))
                    .set(PairCountsTable.VIOLATING, PairCountsTable.VIOLATING.plus(d.violating()))
                    .set(PairCountsTable.EXEMPTED, PairCountsTable.EXEMPTED.plus(d.exempted()))
                    .set(PairCountsTable.ERRORED, PairCountsTable.ERRORED.plus(d.errored()))
                    .execute();
            return deleteZero(dsl, tenant, policyId);
        });
    }

    @Override
    public void replacePairCounts(TenantId tenant, String policyId, PairCounts c) {
        tx.inTenant(tenant, "replacing pair counts", dsl -> {
            if (c.equals(PairCounts.ZERO)) {
                return dsl.deleteFrom(PairCountsTable.T)
                        .where(PairCountsTable.TENANT.eq(tenant.value()), PairCountsTable.POLICY_ID.eq(policyId))
                        .execute();
            }
            return dsl.insertInto(PairCountsTable.T, PairCountsTable.TENANT, PairCountsTable.POLICY_ID,
                            PairCountsTable.PASSING, PairCountsTable.VIOLATING, PairCountsTable.EXEMPTED,
                            PairCountsTable.ERRORED)
                    .values(tenant.value(), policyId, c.passing(), c.violating(), c.exempted(), c.errored())
                    .onConflict(PairCountsTable.TENANT, PairCountsTable.POLICY_ID).doUpdate()
                    .set(PairCountsTable.PASSING, DSL.excluded(PairCountsTable.PASSING))
                    .set(PairCountsTable.VIOLATING, DSL.excluded(PairCountsTable.VIOLATING))
                    .set(PairCountsTable.EXEMPTED, DSL.excluded(PairCountsTable.EXEMPTED))
                    .set(PairCountsTable.ERRORED, DSL.excluded(PairCountsTable.ERRORED))
                    .execute();
        });
    }

    /** Removes a policy's counts when they are all zero (no row means ZERO). */
    private static int deleteZero(org.jooq.DSLContext dsl, TenantId tenant, String policyId) {
        Condition zero = PairCountsTable.PASSING.eq(0L).and(PairCountsTable.VIOLATING.eq(0L))
                .and(PairCountsTable.EXEMPTED.eq(0L)).and(PairCountsTable.ERRORED.eq(0L));
        return dsl.deleteFrom(PairCountsTable.T)
                .where(PairCountsTable.TENANT.eq(tenant.value()), PairCountsTable.POLICY_ID.eq(policyId), zero)
                .execute();
    }

    @SuppressWarnings("unchecked")
    private static Finding toFinding(Record r) {
        return new Finding(r.get(ID), r.get(POLICY_ID), r.get(RESOURCE_ID), r.get(RESOURCE_KEY), r.get(RESOURCE_TYPE),
                r.get(ACCOUNT), Severity.fromWire(r.get(SEVERITY)).orElseThrow(), r.get(RISK_SCORE),
                FindingStatus.fromWire(r.get(STATUS)).orElseThrow(), r.get(TITLE), r.get(MESSAGE), r.get(FIRST_SEEN),
                r.get(LAST_SEEN), Optional.ofNullable(r.get(RESOLVED_AT)), Optional.ofNullable(r.get(EXEMPTION_ID)),
                (List<String>) (List<?>) JsonColumns.readList(r.get(ACTION_IDS)),
                new TreeSet<>((List<String>) (List<?>) JsonColumns.readList(r.get(FRAMEWORKS))),
                JsonColumns.readStrings(r.get(TAGS)));
    }
}
