package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.Exemptions.*;

import io.praetor.ports.TenantId;
import io.praetor.ports.finding.Exemption;
import io.praetor.ports.finding.ExemptionStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Exemptions in {@code exemptions}, listed by creation time then id. */
final class PostgresExemptionStore implements ExemptionStore {
    private final PostgresTransactions tx;

    PostgresExemptionStore(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void put(TenantId tenant, Exemption e) {
        tx.inTenant(tenant, "storing an exemption", dsl -> dsl.insertInto(T, TENANT, ID, POLICY_ID, RESOURCE_ID,
                        SELECTOR, REASON, EXPIRES_AT, CREATED_BY, CREATED_AT, REVOKED_AT)
                .values(tenant.value(), e.id(), e.policyId(), e.resourceId().orElse(null), e.selector().orElse(null),
                        e.reason(), e.expiresAt(), e.createdBy(), e.createdAt(), e.revokedAt().orElse(null))
                .onConflict(TENANT, ID).doUpdate()
                .set(POLICY_ID, DSL.excluded(POLICY_ID)).set(RESOURCE_ID, DSL.excluded(RESOURCE_ID))
                .set(SELECTOR, DSL.excluded(SELECTOR)).set(REASON, DSL.excluded(REASON))
                .set(EXPIRES_AT, DSL.excluded(EXPIRES_AT)).set(CREATED_BY, DSL.excluded(CREATED_BY))
                .set(CREATED_AT, DSL.excluded(CREATED_AT)).set(REVOKED_AT, DSL.excluded(REVOKED_AT))
                .execute());
    }

    @Override
    public Optional<Exemption> get(TenantId tenant, String id) {
        return tx.inTenant(tenant, "reading an exemption", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), ID.eq(id)).fetchOptional(PostgresExemptionStore::toExemption));
    }

    @Override
    public List<Exemption> list(TenantId tenant) {
        return tx.inTenant(tenant, "listing exemptions", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value())).orderBy(CREATED_AT, ID).fetch(PostgresExemptionStore::toExemption));
    }

    @Override
    public List<Exemption> activeFor(TenantId tenant, String policyId, Instant now) {
        return tx.inTenant(tenant, "reading active exemptions", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), POLICY_ID.eq(policyId), REVOKED_AT.isNull(), EXPIRES_AT.gt(now))
                .orderBy(CREATED_AT, ID).fetch(PostgresExemptionStore::toExemption));
    }

    @Override
    public List<TenantExemption> expiringBetween(Instant after, Instant upTo) {
        return tx.acrossTenants("reading expiring exemptions", dsl -> dsl.select(ALL).from(T)
                .where(EXPIRES_AT.gt(after), EXPIRES_AT.le(upTo)).orderBy(EXPIRES_AT, TENANT, ID)
                .fetch(r -> new TenantExemption(TenantId.of(r.get(TENANT)), toExemption(r))));
    }

    private static Exemption toExemption(Record r) {
        return new Exemption(r.get(ID), r.get(POLICY_ID), Optional.ofNullable(r.get(RESOURCE_ID)),
                Optional.ofNullable(r.get(SELECTOR)), r.get(REASON), r.get(EXPIRES_AT), r.get(CREATED_BY),
                r.get(CREATED_AT), Optional.ofNullable(r.get(REVOKED_AT)));
    }
}
