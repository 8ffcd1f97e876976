package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.Locks.*;

import io.praetor.ports.TenantId;
import io.praetor.ports.coordination.Lease;
import io.praetor.ports.coordination.Locks;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.jooq.impl.DSL;

/**
 * Leases in the {@code locks} table, one row per name that keeps its last fencing token after a
 * release, so the next lease always gets a higher one. Taking a lease is one atomic upsert. Expiry
 * is judged by the injected clock's time passed as a parameter, never by the database's now().
 */
final class PostgresLocks implements Locks {
    private final PostgresTransactions tx;
    private final InstantSource clock;

    PostgresLocks(PostgresTransactions tx, InstantSource clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public Optional<Lease> tryAcquire(TenantId tenant, String name, String owner, Duration ttl) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        return tx.inTenant(tenant, "taking a lease", dsl -> dsl.insertInto(T, TENANT, NAME, OWNER, TOKEN, EXPIRES_AT)
                .values(tenant.value(), name, owner, 1L, expires)
                .onConflict(TENANT, NAME).doUpdate()
                .set(OWNER, DSL.excluded(OWNER))
                .set(TOKEN, TOKEN.plus(1L))
                .set(EXPIRES_AT, DSL.excluded(EXPIRES_AT))
                .where(OWNER.isNull().or(EXPIRES_AT.le(now)).or(OWNER.eq(DSL.excluded(OWNER))))
                .returning(TOKEN)
                .fetchOptional(r -> new Lease(tenant, name, owner, r.get(TOKEN), expires)));
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        int updated = tx.inTenant(lease.tenant(), "renewing a lease", dsl -> dsl.update(T)
                .set(EXPIRES_AT, expires)
                .where(TENANT.eq(lease.tenant().value()), NAME.eq(lease.name()), TOKEN.eq(lease.fencingToken()),
                        OWNER.isNotNull(), EXPIRES_AT.gt(now))
                .execute());
        return updated == 1
                ? Optional.of(new Lease(lease.tenant(), lease.name(), lease.owner(), lease.fencingToken(), expires))
                : Optional.empty();
    }

    @Override
    public void release(Lease lease) {
        tx.inTenant(lease.tenant(), "releasing a lease", dsl -> dsl.update(T)
                .set(OWNER, (String) null)
                .where(TENANT.eq(lease.tenant().value()), NAME.eq(lease.name()), TOKEN.eq(lease.fencingToken()))
                .execute());
    }
}
