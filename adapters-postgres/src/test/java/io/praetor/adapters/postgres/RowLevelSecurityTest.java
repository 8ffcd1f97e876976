package io.praetor.adapters.postgres;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.aDailySnapshot;
import static io.praetor.testkit.fixtures.Fixtures.aFinding;
import static io.praetor.testkit.fixtures.Fixtures.aLedgerLeaf;
import static io.praetor.testkit.fixtures.Fixtures.aPolicy;
import static io.praetor.testkit.fixtures.Fixtures.aResource;
import static io.praetor.testkit.fixtures.Fixtures.aTenantEvent;
import static io.praetor.testkit.fixtures.Fixtures.anAction;
import static io.praetor.testkit.fixtures.Fixtures.anActionEvent;
import static io.praetor.testkit.fixtures.Fixtures.anElevation;
import static io.praetor.testkit.fixtures.Fixtures.anExemption;
import static io.praetor.testkit.fixtures.Fixtures.anInventorySource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.ports.TenantId;
import io.praetor.ports.coordination.IdempotencyScope;
import io.praetor.ports.evidence.TreeHead;
import io.praetor.ports.finding.PairCounts;
import io.praetor.testkit.fixtures.TestClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves row-level security on every table, below the stores: statements the application role runs
 * by hand, with tenant A set, neither see nor change tenant B's rows; without a tenant nothing is
 * visible; the ledger cannot be changed at all.
 */
class RowLevelSecurityTest {
    private static final List<String> TABLES = List.of("resources", "policies", "findings", "finding_open_counts", "policy_pair_counts",
            "exemptions", "actions", "action_events", "elevations", "tenant_events", "metric_snapshots",
            "inventory_sources", "ledger_entries", "ledger_tree_heads", "idempotency_records", "locks");
    private static final List<String> LEDGER = List.of("ledger_entries", "ledger_tree_heads");
    private static final Field<String> TENANT = DSL.field(DSL.name("tenant_id"), String.class);

    @BeforeEach
    void storeOneRowOfEachKindForTwoTenants() {
        TestClock clock = new TestClock();
        PostgresAdapters pg = PostgresAdapters.on(TestDatabase.fresh(), clock, InMemoryAdapters.create(clock));
        for (TenantId t : List.of(TENANT_A, TENANT_B)) {
            pg.resources().putAll(t, List.of(aResource().build()));
            pg.policies().put(t, aPolicy().build());
            pg.findings().putAll(t, List.of(aFinding().build()));
            pg.findings().replacePairCounts(t, "p", new PairCounts(1, 1, 0, 0));
            pg.exemptions().put(t, anExemption().build());
            pg.actions().create(t, anAction().build());
            pg.actionEvents().append(t, anActionEvent("action-1", 1));
            pg.elevations().create(t, anElevation().build());
            pg.tenantEvents().append(t, List.of(aTenantEvent(t, "x")));
            pg.metricSnapshots().putIfAbsent(t, aDailySnapshot(LocalDate.of(2026, 1, 1), 80));
            pg.inventorySources().save(t, anInventorySource("s-1"));
            pg.ledger().append(t, 0, List.of(aLedgerLeaf(t, 0)));
            pg.ledger().putTreeHead(new TreeHead(t, 1, "a".repeat(64), T0, "jws"));
            pg.idempotency().claim(new IdempotencyScope(t, "alice", "k"), "h", Duration.ofHours(1));
            pg.locks().tryAcquire(t, "n", "w", Duration.ofMinutes(1)).orElseThrow();
        }
    }

    @Test
    void everyTable_holdsRowsOfBothTenants_asTheOwnerSeesIt() throws SQLException {
        try (Connection owner = TestDatabase.ownerConnection()) {
            DSLContext dsl = DSL.using(owner, SQLDialect.POSTGRES);
            for (String t : TABLES) {
                assertThat(dsl.selectDistinct(TENANT).from(table(t)).fetch(TENANT)).as(t)
                        .containsExactlyInAnyOrder("tenant-a", "tenant-b");
            }
        }
    }

    @Test
    void theAppRole_withTenantASet_seesItsOwnRowsAndNoneOfTenantB() throws SQLException {
        for (String t : TABLES) {
            assertThat(asApp(Optional.of("tenant-a"), dsl -> dsl.fetchCount(table(t), TENANT.eq("tenant-b"))))
                    .as(t).isZero();
            assertThat(asApp(Optional.of("tenant-a"), dsl -> dsl.fetchCount(table(t)))).as(t).isPositive();
        }
    }

    @Test
    void theAppRole_withTenantASet_updatesAndDeletesNoRowOfTenantB() throws SQLException {
        for (String t : TABLES) {
            if (LEDGER.contains(t)) continue;
            assertThat(asApp(Optional.of("tenant-a"), dsl -> dsl.update(table(t)).set(TENANT, TENANT)
                    .where(TENANT.eq("tenant-b")).execute())).as(t).isZero();
            assertThat(asApp(Optional.of("tenant-a"), dsl -> dsl.deleteFrom(table(t))
                    .where(TENANT.eq("tenant-b")).execute())).as(t).isZero();
        }
        try (Connection owner = TestDatabase.ownerConnection()) {
            for (String t : TABLES) {
                // one open finding is counted three times: by severity, policy and type
                assertThat(DSL.using(owner, SQLDialect.POSTGRES).fetchCount(table(t), TENANT.eq("tenant-b"))).as(t)
                        .isEqualTo(t.equals("finding_open_counts") ? 3 : 1);
            }
        }
    }

    @Test
    void theAppRole_cannotMoveItsRowsIntoAnotherTenant() throws SQLException {
        for (String t : TABLES) {
            if (LEDGER.contains(t)) continue;
            assertThatThrownBy(() -> asApp(Optional.of("tenant-a"), dsl -> dsl.update(table(t))
                    .set(TENANT, "tenant-b").execute()))
                    .as(t).isInstanceOfSatisfying(DataAccessException.class,
                            e -> assertThat(e.sqlState()).isEqualTo("42501"));
        }
    }

    @Test
    void theAppRole_withNoTenantSet_seesNoRowAtAll() throws SQLException {
        for (String t : TABLES) {
            assertThat(asApp(Optional.empty(), dsl -> dsl.fetchCount(table(t)))).as(t).isZero();
            if (!LEDGER.contains(t)) {
                assertThat(asApp(Optional.empty(), dsl -> dsl.deleteFrom(table(t)).execute())).as(t).isZero();
            }
        }
    }

    @Test
    void theLedger_rejectsUpdateDeleteAndTruncate_evenOfTheTenantsOwnRows() throws SQLException {
        for (String t : LEDGER) {
            assertThatThrownBy(() -> asApp(Optional.of("tenant-a"), dsl -> dsl.update(table(t)).set(TENANT, TENANT)
                    .execute())).as(t).isInstanceOfSatisfying(DataAccessException.class,
                            e -> assertThat(e.sqlState()).isEqualTo("42501"));
            assertThatThrownBy(() -> asApp(Optional.of("tenant-a"), dsl -> dsl.deleteFrom(table(t)).execute()))
                    .as(t).isInstanceOfSatisfying(DataAccessException.class,
                            e -> assertThat(e.sqlState()).isEqualTo("42501"));
            assertThatThrownBy(() -> asApp(Optional.of("tenant-a"), dsl -> dsl.truncate(table(t)).execute()))
                    .as(t).isInstanceOfSatisfying(DataAccessException.class,
                            e -> assertThat(e.sqlState()).isEqualTo("42501"));
        }
        // the trigger stops even the owner
        try (Connection owner = TestDatabase.ownerConnection()) {
            DSLContext dsl = DSL.using(owner, SQLDialect.POSTGRES);
            assertThatThrownBy(() -> dsl.deleteFrom(table("ledger_entries")).execute())
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
            assertThat(dsl.fetchCount(table("ledger_entries"))).isEqualTo(2);
        }
    }

    @Test
    void theSystemScope_readsEveryTenantOfItsFiveTablesButChangesNothing() throws SQLException {
        assertThat(asSystem(dsl -> dsl.fetchCount(table("tenant_events")))).isEqualTo(2);
        assertThat(asSystem(dsl -> dsl.fetchCount(table("inventory_sources")))).isEqualTo(2);
        assertThat(asSystem(dsl -> dsl.fetchCount(table("exemptions")))).isEqualTo(2);
        assertThat(asSystem(dsl -> dsl.fetchCount(table("ledger_entries")))).isEqualTo(2);
        assertThat(asSystem(dsl -> dsl.fetchCount(table("action_events")))).isEqualTo(2);
        assertThat(asSystem(dsl -> dsl.update(table("action_events"))
                .set(DSL.field(DSL.name("anchored"), Boolean.class), true).execute())).isZero();
        assertThat(asSystem(dsl -> dsl.fetchCount(table("resources")))).isZero();
        assertThat(asSystem(dsl -> dsl.update(table("tenant_events"))
                .set(DSL.field(DSL.name("published"), Boolean.class), true).execute())).isZero();
        assertThat(asSystem(dsl -> dsl.deleteFrom(table("inventory_sources")).execute())).isZero();
    }

    private static Table<?> table(String name) {
        return DSL.table(DSL.name(name));
    }

    /** Runs {@code work} as the application role, with the tenant set or not, and rolls back; its row count. */
    private static int asApp(Optional<String> tenant, ToIntFunction<DSLContext> work) throws SQLException {
        return asRole(tenant.map(t -> List.of("app.tenant_id", t)).orElse(List.of()), work);
    }

    private static int asSystem(ToIntFunction<DSLContext> work) throws SQLException {
        return asRole(List.of("app.system_scope", "on"), work);
    }

    private static int asRole(List<String> setting, ToIntFunction<DSLContext> work) throws SQLException {
        try (Connection c = TestDatabase.ownerConnection()) {
            c.setAutoCommit(false);
            DSLContext dsl = DSL.using(c, SQLDialect.POSTGRES);
            dsl.query("set role {0}", DSL.name(TestDatabase.APP_ROLE)).execute();
            if (!setting.isEmpty()) {
                dsl.select(DSL.function("set_config", String.class, DSL.val(setting.get(0)), DSL.val(setting.get(1)),
                        DSL.inline(true))).fetch();
            }
            try {
                return work.applyAsInt(dsl);
            } finally {
                c.rollback();
            }
        }
    }
}
