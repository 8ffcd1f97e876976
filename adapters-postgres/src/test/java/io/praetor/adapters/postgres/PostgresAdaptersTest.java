package io.praetor.adapters.postgres;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.aLedgerLeaf;
import static io.praetor.testkit.fixtures.Fixtures.aResource;
import static io.praetor.testkit.fixtures.Fixtures.anAction;
import static io.praetor.testkit.fixtures.Fixtures.anActionEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionResult;
import io.praetor.ports.action.Approval;
import io.praetor.ports.action.Plan;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.policy.PolicyTestCase;
import io.praetor.ports.policy.PolicyVariable;
import io.praetor.ports.policy.Remediation;
import io.praetor.ports.policy.Severity;
import io.praetor.testkit.fixtures.TestClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The family as a whole: what the contracts' fixtures leave out, the pool's hygiene, failures. */
class PostgresAdaptersTest {
    private final TestClock clock = new TestClock();
    private PostgresAdapters pg;

    @BeforeEach
    void setUp() {
        pg = PostgresAdapters.on(TestDatabase.fresh(), clock, InMemoryAdapters.create(clock));
    }

    @Test
    void anActionWithPlanResultApprovalsAndEvidence_comesBackEqual() {
        Map<String, Object> diffOp = JsonTrees.freezeObject(Map.of("op", "replace", "path", "/public", "value", false));
        Plan plan = new Plan("block public access", List.of(diffOp), true, 3, T0.plusSeconds(1),
                JsonTrees.freezeObject(Map.of("public", true)), JsonTrees.freezeObject(Map.of("public", false)),
                JsonTrees.freezeObject(Map.of("request", Map.of("retries", 2L, "ratio", 0.5))));
        EvidenceRef ref = new EvidenceRef("ab".repeat(32), "application/json", "before.json", 42,
                Optional.of("action-1"), T0.plusSeconds(2));
        Action a = anAction().build()
                .withPlan(Optional.of(plan))
                .withApprovals(List.of(new Approval("bob", T0.plusSeconds(3), "ok")))
                .withResult(Optional.of(new ActionResult("done", Optional.of(JsonTrees.freezeObject(Map.of("public", false))),
                        Optional.of("none"), true)))
                .withEvidence(List.of(ref))
                .withAttempts(2);

        pg.actions().create(TENANT_A, a);

        assertThat(pg.actions().get(TENANT_A, a.id())).contains(a);
    }

    @Test
    void aPolicyWithVariablesRemediationAndTests_comesBackEqual() {
        Policy p = new Policy("p-1", "title", "desc", Severity.CRITICAL, Map.of("cis", List.of("2.1.1", "2.1.2")),
                Map.of("team", "sec"), List.of("aws.s3.bucket", "aws.s3.*"), Optional.of("resource.region == 'x'"),
                List.of(new PolicyVariable("pub", "resource.properties.public")), "variables.pub",
                Optional.of("public"), Optional.of("10.0"), JsonTrees.freezeObject(Map.of("max", 3L)), PolicyMode.AUTO,
                Optional.of(new Remediation("aws.s3.block-public-access", JsonTrees.freezeObject(Map.of("all", true)))),
                List.of(new PolicyTestCase("violates", Optional.of(T0), JsonTrees.freezeObject(Map.of("public", true)),
                        PolicyTestCase.Expectation.VIOLATION)),
                "id: p-1\n", 4, T0, "alice");

        pg.policies().put(TENANT_A, p);

        assertThat(pg.policies().get(TENANT_A, "p-1")).contains(p);
    }

    @Test
    void resourceProperties_keepNullsNumbersAndNesting() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("acl", null);
        props.put("size", 12L);
        props.put("ratio", 0.25);
        props.put("big", Long.MAX_VALUE);
        props.put("rules", List.of(Map.of("port", 22L), "text", false));
        Resource r = aResource().build().withProperties(JsonTrees.freezeObject(props));

        pg.resources().putAll(TENANT_A, List.of(r));

        Resource back = pg.resources().get(TENANT_A, r.id()).orElseThrow();
        assertThat(back).isEqualTo(r);
        assertThat(back.properties()).containsKey("acl");
        assertThat(back.properties().get("size")).isInstanceOf(Long.class);
    }

    @Test
    void aTransactionOverSeveralStores_publishesAfterCommitOnly() {
        AtomicBoolean sawCommitted = new AtomicBoolean();

        pg.transactions().run(() -> {
            pg.resources().putAll(TENANT_A, List.of(aResource().build()));
            pg.actions().create(TENANT_A, anAction().build());
            pg.transactions().afterCommit(() -> sawCommitted.set(
                    pg.actions().get(TENANT_A, "action-1").isPresent() && pg.resources().count(TENANT_A) == 1));
        });

        assertThat(sawCommitted).isTrue();
    }

    @Test
    void aConflictCaughtInsideATransaction_leavesTheTransactionUsable() {
        pg.transactions().run(() -> {
            pg.actions().create(TENANT_A, anAction().withId("a-1").build());
            assertThatThrownBy(() -> pg.actions().create(TENANT_A, anAction().withId("a-1").build()))
                    .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            assertThatThrownBy(() -> pg.actionEvents().append(TENANT_A, anActionEvent("a-1", 2)))
                    .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            pg.actions().create(TENANT_A, anAction().withId("a-2").build());
            pg.actionEvents().append(TENANT_A, anActionEvent("a-1", 1));
        });

        assertThat(pg.actions().get(TENANT_A, "a-1")).isPresent();
        assertThat(pg.actions().get(TENANT_A, "a-2")).isPresent();
        assertThat(pg.actionEvents().read(TENANT_A, "a-1", 0, 10)).hasSize(1);
    }

    @Test
    void pooledConnections_runAsTheAppRoleAndCarryNoTenantOnceReturned() throws SQLException {
        pg.resources().putAll(TENANT_A, List.of(aResource().build()));
        pg.transactions().run(() -> pg.resources().count(TENANT_A));
        // a rolled-back first transaction on a fresh connection must not undo the role switch
        for (int i = 0; i < pg.database().settings().maxPoolSize(); i++) {
            assertThatThrownBy(() -> pg.transactions().run(() -> {
                pg.resources().count(TENANT_A);
                throw new IllegalStateException("roll back");
            })).isInstanceOf(IllegalStateException.class);
        }
        // hold every connection of the pool at once, so the ones that just served tenant A are among them
        List<Connection> all = new ArrayList<>();
        try {
            for (int i = 0; i < pg.database().settings().maxPoolSize(); i++) all.add(pg.database().pool().getConnection());
            for (Connection c : all) {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select current_user, current_setting('app.tenant_id', true)")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(TestDatabase.APP_ROLE);
                    assertThat(rs.getString(2)).isNullOrEmpty();
                }
            }
        } finally {
            for (Connection c : all) c.close();
        }
    }

    @Test
    void ledgerWritersThatRetryOnConflict_leaveAGapFreeLedger() throws Exception {
        int writers = 4;
        int perWriter = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                runs.add(pool.submit(() -> {
                    int conflicts = 0;
                    for (int written = 0; written < perWriter; ) {
                        long size = pg.ledger().size(TENANT_A);
                        try {
                            pg.ledger().append(TENANT_A, size, List.of(aLedgerLeaf(TENANT_A, size)));
                            written++;
                        } catch (PraetorException e) {
                            if (e.code() != ErrorCode.CONFLICT) throw e;
                            conflicts++;
                        }
                    }
                    return conflicts;
                }));
            }
            for (Future<Integer> run : runs) run.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        List<LedgerLeaf> all = pg.ledger().read(TENANT_A, 0, 1000);
        assertThat(all).extracting(l -> l.entry().seq())
                .containsExactlyElementsOf(LongStream.range(0, (long) writers * perWriter).boxed().toList());
        assertThat(pg.ledger().size(TENANT_A)).isEqualTo((long) writers * perWriter);
    }

    @Test
    void ledgerAppendsThatContinueAnUncommittedAppend_areConflicts_soARollbackLeavesNoGap() throws Exception {
        pg.ledger().append(TENANT_A, 0, List.of(aLedgerLeaf(TENANT_A, 0)));
        java.util.concurrent.CountDownLatch appended = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch otherTried = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // writer 1 appends seq 1 and 2 in a transaction that stays open, then rolls back
            Future<?> first = pool.submit(() -> {
                try {
                    pg.transactions().inTransaction(() -> {
                        pg.ledger().append(TENANT_A, 1, List.of(aLedgerLeaf(TENANT_A, 1), aLedgerLeaf(TENANT_A, 2)));
                        appended.countDown();
                        try {
                            // the other writer waits for this transaction (or fails at once): give it time to try
                            otherTried.await(2, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("roll back");
                    });
                } catch (IllegalStateException expected) {
                    // rolled back
                }
            });
            assertThat(appended.await(60, TimeUnit.SECONDS)).isTrue();
            // writer 2 continues from seq 3, which the uncommitted writer would make the size
            Future<PraetorException> second = pool.submit(() -> {
                try {
                    pg.ledger().append(TENANT_A, 3, List.of(aLedgerLeaf(TENANT_A, 3)));
                    return null;
                } catch (PraetorException e) {
                    return e;
                } finally {
                    otherTried.countDown();
                }
            });
            PraetorException failure = second.get(60, TimeUnit.SECONDS);
            first.get(60, TimeUnit.SECONDS);

            assertThat(failure).isNotNull().extracting(PraetorException::code).isEqualTo(ErrorCode.CONFLICT);
        } finally {
            pool.shutdownNow();
        }
        assertThat(pg.ledger().read(TENANT_A, 0, 10)).extracting(l -> l.entry().seq()).containsExactly(0L);
        assertThat(pg.ledger().size(TENANT_A)).isEqualTo(1);
        pg.ledger().append(TENANT_A, 1, List.of(aLedgerLeaf(TENANT_A, 1)));
        assertThat(pg.ledger().size(TENANT_A)).isEqualTo(2);
    }

    @Test
    void aLedgerAppendAtASeqAnUncommittedWriterHolds_waitsForItAndSucceedsIfItRollsBack() throws Exception {
        java.util.concurrent.CountDownLatch appended = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> {
                try {
                    pg.transactions().inTransaction(() -> {
                        pg.ledger().append(TENANT_A, 0, List.of(aLedgerLeaf(TENANT_A, 0)));
                        appended.countDown();
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("roll back");
                    });
                } catch (IllegalStateException expected) {
                    // rolled back
                }
            });
            assertThat(appended.await(60, TimeUnit.SECONDS)).isTrue();
            Future<?> second = pool.submit(() -> pg.ledger().append(TENANT_A, 0, List.of(aLedgerLeaf(TENANT_A, 0))));
            Thread.sleep(300); // the second writer is now waiting on seq 0 (or about to)
            assertThat(second.isDone()).isFalse();
            release.countDown();
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(pg.ledger().size(TENANT_A)).isEqualTo(1);
    }

    @Test
    void theLedgerSizeAndTheLastEventSeq_readOneEntryOfTheIndex_notTheTenantsWholeLog() {
        // 4,000 entries and events the statistics do not know yet (no ANALYZE): a max(seq) planned
        // for "one row" reads them all
        for (int chunk = 0; chunk < 4; chunk++) {
            List<LedgerLeaf> leaves = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) leaves.add(aLedgerLeaf(TENANT_A, chunk * 1_000L + i));
            pg.ledger().append(TENANT_A, chunk * 1_000L, leaves);
            List<io.praetor.ports.events.TenantEvent> drafts = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) drafts.add(io.praetor.testkit.fixtures.Fixtures.aTenantEvent(TENANT_A, "t"));
            pg.tenantEvents().append(TENANT_A, drafts);
        }

        assertThat(rowsReadBy("ledger_entries", () -> assertThat(pg.ledger().size(TENANT_A)).isEqualTo(4_000)))
                .isLessThanOrEqualTo(2);
        assertThat(rowsReadBy("tenant_events", () -> assertThat(pg.tenantEvents().lastSeq(TENANT_A)).isEqualTo(4_000)))
                .isLessThanOrEqualTo(2);
        assertThat(pg.ledger().size(io.praetor.testkit.fixtures.Fixtures.TENANT_B)).isZero();
        assertThat(pg.tenantEvents().lastSeq(io.praetor.testkit.fixtures.Fixtures.TENANT_B)).isZero();
        // the functions run as the caller, under row-level security: tenant B cannot size A's log
        PostgresTransactions tx = (PostgresTransactions) pg.transactions();
        for (String function : List.of("ledger_size", "tenant_events_last_seq")) {
            long seen = tx.inTenant(io.praetor.testkit.fixtures.Fixtures.TENANT_B, "probing", dsl -> dsl.select(
                    org.jooq.impl.DSL.function(function, Long.class, org.jooq.impl.DSL.val(TENANT_A.value())))
                    .fetchOne(0, Long.class));
            assertThat(seen).as(function).isZero();
        }
    }

    /**
     * Rows of {@code table} that {@code read} made PostgreSQL read (scanned or fetched): the backend's
     * counts before and after, in one transaction (they also hold earlier, not yet reported, work).
     */
    private long rowsReadBy(String table, Runnable read) {
        PostgresTransactions tx = (PostgresTransactions) pg.transactions();
        java.util.function.Supplier<Long> rowsRead = () -> tx.inTenant(TENANT_A, "reading statistics", dsl -> dsl.select(
                org.jooq.impl.DSL.field("pg_stat_get_xact_tuples_returned({0}::regclass)", Long.class,
                        org.jooq.impl.DSL.val(table)).plus(
                org.jooq.impl.DSL.field("pg_stat_get_xact_tuples_fetched({0}::regclass)", Long.class,
                        org.jooq.impl.DSL.val(table)))).fetchOne(0, Long.class));
        return tx.inTransaction(() -> {
            long before = rowsRead.get();
            read.run();
            return rowsRead.get() - before;
        });
    }

    @Test
    void anUnreachableDatabase_isDependencyUnavailable() {
        PostgresSettings nowhere = new PostgresSettings("jdbc:postgresql://127.0.0.1:1/praetor?connectTimeout=2",
                "postgres", "", TestDatabase.APP_ROLE);

        assertThatThrownBy(() -> PostgresDatabase.open(nowhere))
                .isInstanceOfSatisfying(PraetorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
    }

    @Test
    void settings_rejectARoleThatIsNotAPlainIdentifierOrIsTheOwner() {
        for (String role : Arrays.asList("App", "x; drop table y", "", "postgres")) {
            assertThatThrownBy(() -> new PostgresSettings("jdbc:postgresql://h/db", "postgres", "", role))
                    .as(role).isInstanceOfSatisfying(PraetorException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
        }
    }

    @Test
    void migrating_again_isANoOp() {
        PostgresDatabase.migrate(new PostgresSettings(TestDatabase.url(), TestDatabase.USER, "", TestDatabase.APP_ROLE));

        pg.resources().putAll(TENANT_A, List.of(aResource().build()));
        assertThat(pg.resources().count(TENANT_A)).isEqualTo(1);
    }
}
