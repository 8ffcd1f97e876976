package io.praetor.domain.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.Praetor;
import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.PlannedChange;
import io.praetor.ports.action.Preflight;
import io.praetor.ports.action.Verification;
import io.praetor.ports.metrics.GovernanceMetrics;
import io.praetor.ports.usecase.ActionRequest;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Freshness of the cached metrics: every committed change to an input is seen by the next request. */
class CachedMetricsTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Principal ADA = new Principal("ada", ACME, Set.of(Role.ADMIN, Role.OPERATOR));
    private static final Duration WINDOW = Duration.ofDays(30);

    private final SettableClock clock = SettableClock.atEpochOf2026();
    private final InMemoryAdapters adapters = InMemoryAdapters.create(clock);
    private final Praetor praetor = Praetor.builder().ports(adapters).handler(new NoChange()).build();
    /** The same formulas without a cache, over the same stores: what a fresh answer must say. */
    private final MetricsService uncached = new MetricsService(adapters.resources(), adapters.policies(),
            adapters.findings(), adapters.actions(), adapters.metricSnapshots(), adapters.transactions(), clock, new LocalAnalyst());

    @AfterEach
    void close() {
        praetor.close();
        adapters.close();
    }

    @Test
    void aRepeatedRequestIsServedFromTheCache() {
        policy("versioned", "high");
        importBuckets("b1", "b2");
        GovernanceMetrics first = metrics();
        GovernanceMetrics second = metrics();
        assertThat(first.sources().cache()).isEqualTo("miss");
        assertThat(second.sources().cache()).isEqualTo("hit");
        assertThat(withoutSources(second)).isEqualTo(withoutSources(first));
        assertThat(praetor.metricsCache().hits()).isEqualTo(1);
    }

    @Test
    void anImportIsSeenByTheNextRequest() {
        policy("versioned", "high");
        importBuckets("b1");
        assertThat(metrics().findingsOpen()).isEqualTo(1);
        importBuckets("b2", "b3");
        GovernanceMetrics after = metrics();
        assertThat(after.sources().cache()).isEqualTo("miss");
        assertThat(after.findingsOpen()).isEqualTo(3);
        assertThat(after.resourcesTotal()).isEqualTo(3);
    }

    @Test
    void policyChangesWithoutFindingEventsAreSeenByTheNextRequest() {
        policy("versioned", "high");
        assertThat(metrics().policiesTotal()).isEqualTo(1);
        policy("tagged", "low"); // no resource: no finding, no tenant event
        assertThat(metrics().policiesTotal()).isEqualTo(2);
        praetor.policies().deletePolicy(ADA, "tagged");
        assertThat(metrics().policiesTotal()).isEqualTo(1);
    }

    @Test
    void aResolvedFindingIsSeenByTheNextRequest() {
        policy("versioned", "high");
        importBuckets("b1", "b2");
        assertThat(metrics().findingsBySeverity()).containsEntry("high", 2L);
        praetor.inventory().deleteResource(ADA, "b1"); // resolves its finding
        GovernanceMetrics after = metrics();
        assertThat(after.findingsOpen()).isEqualTo(1);
        assertThat(after.findingsBySeverity()).containsEntry("high", 1L);
    }

    @Test
    void actionTransitionsOfTheExecutorAreSeenByTheNextRequest() throws InterruptedException {
        praetor.start();
        importBuckets("b1");
        assertThat(metrics().actions()).isEqualTo(new GovernanceMetrics.ActionCounts(0, 0, 0, 0));
        praetor.actions().requestAction(ADA, new ActionRequest(Optional.empty(), Optional.of("b1"),
                Optional.of("test.no-change"), Map.of(), true, "why"));
        // the executor plans it on its own thread; once the store says so, the next request must too
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (uncached.metrics(ADA, WINDOW, false).actions().awaitingApproval() == 0) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(metrics().actions().awaitingApproval()).isEqualTo(1);
    }

    @Test
    void theDayChangesTheKey() {
        policy("versioned", "high");
        importBuckets("b1");
        assertThat(metrics().trend()).hasSize(1);
        clock.advance(Duration.ofDays(1));
        praetor.findings().scan(ADA);
        GovernanceMetrics next = metrics();
        assertThat(next.trend()).extracting(GovernanceMetrics.TrendPoint::date)
                .contains(LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
    }

    @Test
    void concurrentImportsAndReads_theAnswerAfterTheLastImportIsFresh() throws Exception {
        policy("versioned", "high");
        int writers = 4;
        int importsEach = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < importsEach; i++) {
                        importBuckets("w" + writer + "-" + i);
                        // read-your-writes for each writer, while the others keep writing
                        assertThat(metrics().resourcesTotal()).isGreaterThanOrEqualTo(i + 1L);
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 4; r++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 200; i++) metrics();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        GovernanceMetrics cached = metrics();
        GovernanceMetrics fresh = uncached.metrics(ADA, WINDOW, false);
        assertThat(cached.resourcesTotal()).isEqualTo(writers * importsEach);
        assertThat(withoutSources(cached)).isEqualTo(withoutSources(fresh));
    }

    @Test
    void theCodecRoundTripsEveryField() {
        GovernanceMetrics m = new GovernanceMetrics(ACME, clock.instant(), 87.5, 10, 3, 4,
                Map.of("critical", 1L, "high", 3L, "medium", 0L, "low", 0L, "info", 0L),
                Map.of("soc2", new GovernanceMetrics.FrameworkCount(4, 2)),
                List.of(new GovernanceMetrics.PolicyCount("p1", 3)), List.of(new GovernanceMetrics.TypeCount("t", 4)),
                List.of(new GovernanceMetrics.TrendPoint(LocalDate.parse("2026-01-01"), 80.0, 5)), Optional.of(2.5),
                new GovernanceMetrics.ActionCounts(1, 2, 3, 4),
                new GovernanceMetrics.Forecast(7, List.of(new GovernanceMetrics.ForecastPoint(LocalDate.parse("2026-01-02"),
                        81.1, 79.0, 83.2)), "local", Optional.of("why")),
                Optional.of("text"), new GovernanceMetrics.Sources("disabled", "miss"));
        assertThat(MetricsCodec.decode(MetricsCodec.encode(m))).isEqualTo(m);
        GovernanceMetrics empty = new GovernanceMetrics(ACME, clock.instant(), 100, 0, 0, 0, Map.of(), Map.of(), List.of(),
                List.of(), List.of(), Optional.empty(), new GovernanceMetrics.ActionCounts(0, 0, 0, 0),
                new GovernanceMetrics.Forecast(7, List.of(), "local", Optional.empty()), Optional.empty(),
                new GovernanceMetrics.Sources("disabled", "none"));
        assertThat(MetricsCodec.decode(MetricsCodec.encode(empty))).isEqualTo(empty);
    }

    /** Plans nothing to change (a dry run stops at planned). */
    static final class NoChange implements ActionHandler {
        @Override public String name() { return "test.no-change"; }
        @Override public boolean destructive() { return false; }
        @Override public Preflight preflight(HandlerContext ctx) { return Preflight.ok(Map.of()); }
        @Override public PlannedChange plan(HandlerContext ctx) {
            return new PlannedChange("nothing", ctx.resource().properties(), ctx.resource().properties(), Map.of());
        }
        @Override public Map<String, Object> apply(HandlerContext ctx, PlannedChange plan) { return Map.of(); }
        @Override public Verification verify(HandlerContext ctx, PlannedChange plan) {
            return new Verification(true, "nothing to do", plan.plannedState());
        }
        @Override public Map<String, Object> rollback(HandlerContext ctx, PlannedChange plan) { return Map.of(); }
    }

    private GovernanceMetrics metrics() {
        return praetor.metrics().metrics(ADA, WINDOW, false);
    }

    private static GovernanceMetrics withoutSources(GovernanceMetrics m) {
        return new GovernanceMetrics(m.tenant(), m.generatedAt(), m.complianceScore(), m.resourcesTotal(),
                m.policiesTotal(), m.findingsOpen(), m.findingsBySeverity(), m.findingsByFramework(), m.topPolicies(),
                m.topResourceTypes(), m.trend(), m.mttrHours(), m.actions(), m.forecast(), m.analysis(),
                new GovernanceMetrics.Sources("", ""));
    }

    private void policy(String id, String severity) {
        praetor.policies().putPolicy(ADA, id, """
                apiVersion: praetor.io/v1
                kind: Policy
                metadata:
                  id: %s
                  title: Title of %s
                  severity: %s
                  frameworks: {soc2: ["CC6.1"]}
                spec:
                  resource: aws.s3.bucket
                  violation: 'true'
                """.formatted(id, id, severity));
    }

    private void importBuckets(String... ids) {
        StringBuilder ndjson = new StringBuilder();
        for (String id : ids) ndjson.append("{\"id\":\"").append(id).append("\",\"type\":\"aws.s3.bucket\",\"properties\":{}}\n");
        praetor.inventory().importSnapshot(ADA, SnapshotImport.of("praetor"),
                new ByteArrayInputStream(ndjson.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
