package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.InventorySources.*;

import io.praetor.ports.TenantId;
import io.praetor.ports.inventory.InventorySource;
import io.praetor.ports.inventory.InventorySourceRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Live inventory sources in {@code inventory_sources}; schedules are stored in whole seconds. */
final class PostgresInventorySourceRegistry implements InventorySourceRegistry {
    private final PostgresTransactions tx;

    PostgresInventorySourceRegistry(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void save(TenantId tenant, InventorySource s) {
        tx.inTenant(tenant, "saving an inventory source", dsl -> dsl.insertInto(T, TENANT, ID, KIND, ENDPOINT, REGION,
                        ACCOUNT, SCHEDULE_SECONDS, CREATED_AT, CREATED_BY, LAST_SYNC_AT, PATH_STYLE, CREDENTIALS_REF)
                .values(tenant.value(), s.id(), s.kind(), s.endpoint().orElse(null), s.region().orElse(null),
                        s.account().orElse(null), s.schedule().map(Duration::toSeconds).orElse(null), s.createdAt(),
                        s.createdBy(), s.lastSyncAt().orElse(null), s.pathStyle(), s.credentials().orElse(null))
                .onConflict(TENANT, ID).doUpdate()
                .set(KIND, DSL.excluded(KIND)).set(ENDPOINT, DSL.excluded(ENDPOINT))
                .set(REGION, DSL.excluded(REGION)).set(ACCOUNT, DSL.excluded(ACCOUNT))
                .set(SCHEDULE_SECONDS, DSL.excluded(SCHEDULE_SECONDS)).set(CREATED_AT, DSL.excluded(CREATED_AT))
                .set(CREATED_BY, DSL.excluded(CREATED_BY)).set(LAST_SYNC_AT, DSL.excluded(LAST_SYNC_AT))
                .set(PATH_STYLE, DSL.excluded(PATH_STYLE)).set(CREDENTIALS_REF, DSL.excluded(CREDENTIALS_REF))
                .execute());
    }

    @Override
    public Optional<InventorySource> get(TenantId tenant, String id) {
        return tx.inTenant(tenant, "reading an inventory source", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), ID.eq(id)).fetchOptional(PostgresInventorySourceRegistry::toSource));
    }

    @Override
    public List<InventorySource> list(TenantId tenant) {
        return tx.inTenant(tenant, "listing inventory sources", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value())).orderBy(ID).fetch(PostgresInventorySourceRegistry::toSource));
    }

    @Override
    public List<TenantSource> all() {
        return tx.acrossTenants("listing every inventory source", dsl -> dsl.select(ALL).from(T)
                .orderBy(TENANT, ID)
                .fetch(r -> new TenantSource(TenantId.of(r.get(TENANT)), toSource(r))));
    }

    private static InventorySource toSource(Record r) {
        return new InventorySource(r.get(ID), r.get(KIND), Optional.ofNullable(r.get(ENDPOINT)),
                Optional.ofNullable(r.get(REGION)), Optional.ofNullable(r.get(ACCOUNT)),
                Optional.ofNullable(r.get(SCHEDULE_SECONDS)).map(Duration::ofSeconds), r.get(PATH_STYLE),
                Optional.ofNullable(r.get(CREDENTIALS_REF)), r.get(CREATED_AT),
                r.get(CREATED_BY), Optional.ofNullable(r.get(LAST_SYNC_AT)));
    }
}
