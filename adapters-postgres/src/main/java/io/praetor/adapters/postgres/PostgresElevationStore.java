package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.Elevations.*;

import io.praetor.ports.TenantId;
import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.ElevationState;
import io.praetor.ports.action.ElevationStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.Record;

/**
 * Elevations in {@code elevations}; durations in whole seconds. {@link #update} is one
 * {@code UPDATE … WHERE revision = expected}, so of two concurrent decisions only one is stored.
 */
final class PostgresElevationStore implements ElevationStore {
    private final PostgresTransactions tx;

    PostgresElevationStore(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void create(TenantId tenant, Elevation e) {
        // a duplicate id violates the primary key, which SqlFailures reports as CONFLICT
        tx.inTenantAtomically(tenant, "creating an elevation", dsl -> dsl.insertInto(T).set(row(tenant, e)).execute());
    }

    @Override
    public Optional<Elevation> get(TenantId tenant, String id) {
        return tx.inTenant(tenant, "reading an elevation", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), ID.eq(id)).fetchOptional(PostgresElevationStore::toElevation));
    }

    @Override
    public List<Elevation> list(TenantId tenant) {
        return tx.inTenant(tenant, "listing elevations", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value())).orderBy(REQUESTED_AT.desc(), ID.desc())
                .fetch(PostgresElevationStore::toElevation));
    }

    @Override
    public List<Elevation> heldBy(TenantId tenant, String principal) {
        return tx.inTenant(tenant, "listing a principal's elevations", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), PRINCIPAL.eq(principal)).orderBy(REQUESTED_AT.desc(), ID.desc())
                .fetch(PostgresElevationStore::toElevation));
    }

    @Override
    public boolean update(TenantId tenant, Elevation updated, long expectedRevision) {
        return tx.inTenant(tenant, "updating an elevation", dsl -> dsl.update(T).set(row(tenant, updated))
                .where(TENANT.eq(tenant.value()), ID.eq(updated.id()), REVISION.eq(expectedRevision))
                .execute()) == 1;
    }

    private static Map<Field<?>, Object> row(TenantId tenant, Elevation e) {
        Map<Field<?>, Object> m = new LinkedHashMap<>();
        m.put(TENANT, tenant.value());
        m.put(ID, e.id());
        m.put(PRINCIPAL, e.principal());
        m.put(REASON, e.reason());
        m.put(ACTION_ID, e.actionId().orElse(null));
        m.put(STATE, e.state().wireName());
        m.put(REQUESTED_AT, e.requestedAt());
        m.put(DURATION_SECONDS, e.duration().toSeconds());
        m.put(APPROVED_BY, e.approvedBy().orElse(null));
        m.put(EXPIRES_AT, e.expiresAt().orElse(null));
        m.put(REVISION, e.revision());
        return m;
    }

    private static Elevation toElevation(Record r) {
        return new Elevation(r.get(ID), r.get(PRINCIPAL), r.get(REASON), Optional.ofNullable(r.get(ACTION_ID)),
                ElevationState.fromWire(r.get(STATE)).orElseThrow(), r.get(REQUESTED_AT),
                Duration.ofSeconds(r.get(DURATION_SECONDS)), Optional.ofNullable(r.get(APPROVED_BY)),
                Optional.ofNullable(r.get(EXPIRES_AT)), r.get(REVISION));
    }
}
