package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.Idempotency.*;

import io.praetor.ports.coordination.IdempotencyClaim;
import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.ports.coordination.IdempotencyScope;
import io.praetor.ports.coordination.StoredResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Idempotency records in {@code idempotency_records}. A claim is one upsert that only takes over an
 * expired row, so of concurrent claims of a new key exactly one inserts; the others read the row
 * (the upsert has locked it) and answer in-flight, replay or mismatch. Times come from the clock.
 */
final class PostgresIdempotencyRecords implements IdempotencyRecords {
    private final PostgresTransactions tx;
    private final InstantSource clock;

    PostgresIdempotencyRecords(PostgresTransactions tx, InstantSource clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public IdempotencyClaim claim(IdempotencyScope scope, String requestHash, Duration ttl) {
        Instant now = clock.instant();
        return tx.inTenant(scope.tenant(), "claiming an idempotency key", dsl -> {
            boolean claimed = dsl.insertInto(T, TENANT, PRINCIPAL, KEY, REQUEST_HASH, COMPLETED, EXPIRES_AT)
                    .values(scope.tenant().value(), scope.principal(), scope.key(), requestHash, false, now.plus(ttl))
                    .onConflict(TENANT, PRINCIPAL, KEY).doUpdate()
                    .set(REQUEST_HASH, DSL.excluded(REQUEST_HASH))
                    .set(COMPLETED, false)
                    .set(STATUS, (Integer) null)
                    .set(CONTENT_TYPE, (String) null)
                    .set(HEADERS, (org.jooq.JSONB) null)
                    .set(BODY, (byte[]) null)
                    .set(EXPIRES_AT, DSL.excluded(EXPIRES_AT))
                    .where(EXPIRES_AT.le(now))
                    .execute() == 1;
            if (claimed) return new IdempotencyClaim.Claimed();
            Record r = dsl.select(ALL).from(T).where(scopeIs(scope)).fetchOne();
            if (r == null) return new IdempotencyClaim.InFlight(); // released between the two statements
            if (!r.get(REQUEST_HASH).equals(requestHash)) return new IdempotencyClaim.Mismatch();
            if (!r.get(COMPLETED)) return new IdempotencyClaim.InFlight();
            return new IdempotencyClaim.Replay(new StoredResponse(r.get(STATUS), r.get(CONTENT_TYPE),
                    JsonColumns.readStrings(r.get(HEADERS)), r.get(BODY)));
        });
    }

    @Override
    public void complete(IdempotencyScope scope, String requestHash, StoredResponse response, Duration ttl) {
        Instant expires = clock.instant().plus(ttl);
        tx.inTenant(scope.tenant(), "completing an idempotency key", dsl -> dsl.insertInto(T, TENANT, PRINCIPAL, KEY,
                        REQUEST_HASH, COMPLETED, STATUS, CONTENT_TYPE, HEADERS, BODY, EXPIRES_AT)
                .values(scope.tenant().value(), scope.principal(), scope.key(), requestHash, true, response.status(),
                        response.contentType(), JsonColumns.write(response.headers()), response.body(), expires)
                .onConflict(TENANT, PRINCIPAL, KEY).doUpdate()
                .set(REQUEST_HASH, DSL.excluded(REQUEST_HASH))
                .set(COMPLETED, true)
                .set(STATUS, DSL.excluded(STATUS))
                .set(CONTENT_TYPE, DSL.excluded(CONTENT_TYPE))
                .set(HEADERS, DSL.excluded(HEADERS))
                .set(BODY, DSL.excluded(BODY))
                .set(EXPIRES_AT, DSL.excluded(EXPIRES_AT))
                .execute());
    }

    @Override
    public void release(IdempotencyScope scope) {
        tx.inTenant(scope.tenant(), "releasing an idempotency key", dsl -> dsl.deleteFrom(T)
                .where(scopeIs(scope), COMPLETED.isFalse()).execute());
    }

    private static org.jooq.Condition scopeIs(IdempotencyScope scope) {
        return TENANT.eq(scope.tenant().value()).and(PRINCIPAL.eq(scope.principal())).and(KEY.eq(scope.key()));
    }
}
