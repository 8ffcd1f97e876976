package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.aFinding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.SortOrder;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.finding.PairCounts;
import io.praetor.ports.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link FindingStore} must do. Subclasses return a new, empty store. */
public abstract class FindingStoreContract {
    protected abstract FindingStore newStore();

    private FindingStore store;

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    private List<Finding> allPages(FindingQuery query, int limit) {
        List<Finding> all = new ArrayList<>();
        PageRequest request = PageRequest.first(limit);
        for (int pages = 0; pages < 1000; pages++) {
            Page<Finding> page = store.query(TENANT_A, query, request);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            all.addAll(page.items());
            if (page.nextCursor().isEmpty()) return all;
            request = new PageRequest(limit, page.nextCursor());
        }
        throw new AssertionError("paging did not end");
    }

    private static List<String> ids(List<Finding> findings) {
        return findings.stream().map(Finding::id).toList();
    }

    private static FindingQuery sorted(String spec) {
        FindingQuery q = FindingQuery.all();
        return new FindingQuery(q.status(), q.severity(), q.policyId(), q.resourceId(), q.resourceType(), q.account(),
                q.framework(), q.tags(), Optional.of(SortOrder.parse(spec)));
    }

    @Test
    void putAll_thenGetAndFind_returnTheFinding() {
        Finding f = aFinding().withId("f-1").withPolicy("p").withResource("r").build();

        store.putAll(TENANT_A, List.of(f));

        assertThat(store.get(TENANT_A, "f-1")).contains(f);
        assertThat(store.find(TENANT_A, "p", "r")).contains(f);
        assertThat(store.find(TENANT_A, "p", "other")).isEmpty();
    }

    @Test
    void reads_neverSeeAnotherTenantsFindings() {
        store.putAll(TENANT_A, List.of(aFinding().withId("f-1").withPolicy("p").withResource("r").build()));
        store.adjustPairCounts(TENANT_A, "p", new PairCounts(1, 1, 0, 0));

        assertThat(store.get(TENANT_B, "f-1")).isEmpty();
        assertThat(store.find(TENANT_B, "p", "r")).isEmpty();
        assertThat(store.forResource(TENANT_B, "r")).isEmpty();
        assertThat(store.forPolicy(TENANT_B, "p")).isEmpty();
        assertThat(store.query(TENANT_B, FindingQuery.all(), PageRequest.firstPage()).items()).isEmpty();
        assertThat(store.count(TENANT_B, FindingQuery.all())).isZero();
        assertThat(store.pairCounts(TENANT_B)).isEmpty();
    }

    @Test
    void putAll_replacesByIdIncludingTheStatus() {
        Finding open = aFinding().withId("f-1").build();
        store.putAll(TENANT_A, List.of(open));
        Finding resolved = open.withStatus(FindingStatus.RESOLVED, T0.plusSeconds(60), Optional.empty());

        store.putAll(TENANT_A, List.of(resolved));

        assertThat(store.get(TENANT_A, "f-1")).contains(resolved);
        assertThat(store.find(TENANT_A, open.policyId(), open.resourceId())).contains(resolved);
        assertThat(store.count(TENANT_A, FindingQuery.all())).isEqualTo(1);
    }

    @Test
    void putAll_rejectsASecondFindingOfTheSamePolicyAndResource() {
        store.putAll(TENANT_A, List.of(aFinding().withId("f-1").withPolicy("p").withResource("r").build()));

        assertThatThrownBy(() -> store.putAll(TENANT_A,
                List.of(aFinding().withId("f-2").withPolicy("p").withResource("r").build())))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(store.get(TENANT_A, "f-2")).isEmpty();
    }

    @Test
    void forResourceAndForPolicy_returnEveryStatus() {
        store.putAll(TENANT_A, List.of(
                aFinding().withId("f-1").withPolicy("p1").withResource("r1").build(),
                aFinding().withId("f-2").withPolicy("p2").withResource("r1").withStatus(FindingStatus.RESOLVED).build(),
                aFinding().withId("f-3").withPolicy("p1").withResource("r2").withStatus(FindingStatus.EXEMPTED).build()));

        assertThat(ids(store.forResource(TENANT_A, "r1"))).containsExactlyInAnyOrder("f-1", "f-2");
        assertThat(ids(store.forPolicy(TENANT_A, "p1"))).containsExactlyInAnyOrder("f-1", "f-3");
        assertThat(store.forResource(TENANT_A, "none")).isEmpty();
    }

    @Test
    void forResources_groupsEveryStatusByResource_andLeavesOutResourcesWithoutFindings() {
        store.putAll(TENANT_A, List.of(
                aFinding().withId("f-1").withPolicy("p1").withResource("r1").build(),
                aFinding().withId("f-2").withPolicy("p2").withResource("r1").withStatus(FindingStatus.RESOLVED).build(),
                aFinding().withId("f-3").withPolicy("p1").withResource("r2").withStatus(FindingStatus.EXEMPTED).build(),
                aFinding().withId("f-4").withPolicy("p1").withResource("r3").build()));
        store.putAll(TENANT_B, List.of(aFinding().withId("f-9").withPolicy("p1").withResource("r1").build()));

        var byResource = store.forResources(TENANT_A, List.of("r1", "r2", "none", "r1"));
        assertThat(byResource).containsOnlyKeys("r1", "r2");
        assertThat(ids(byResource.get("r1"))).containsExactlyInAnyOrder("f-1", "f-2");
        assertThat(ids(byResource.get("r2"))).containsExactly("f-3");
        assertThat(store.forResources(TENANT_A, List.of())).isEmpty();
    }

    @Test
    void query_listsByIdAndPagesThroughEveryFindingOnce() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 24; i >= 0; i--) {
            findings.add(aFinding().withId(String.format("f-%02d", i)).withResource("r-" + i).build());
        }
        store.putAll(TENANT_A, findings);

        List<String> expected = findings.stream().map(Finding::id).sorted().toList();
        assertThat(ids(allPages(FindingQuery.all(), 7))).isEqualTo(expected);
    }

    @Test
    void query_filtersByEveryField() {
        store.putAll(TENANT_A, List.of(
                aFinding().withId("f-1").withPolicy("p1").withResource("r1").withSeverity(Severity.HIGH)
                        .withFramework("cis").withTag("owner", "x").build(),
                aFinding().withId("f-2").withPolicy("p2").withResource("r1").withSeverity(Severity.LOW)
                        .withStatus(FindingStatus.RESOLVED).withResourceType("aws.ec2.instance").build(),
                aFinding().withId("f-3").withPolicy("p1").withResource("r2").withAccount("999").build()));
        FindingQuery q = FindingQuery.all();

        assertThat(ids(allPages(q.withStatus(FindingStatus.RESOLVED), 10))).containsExactly("f-2");
        assertThat(ids(allPages(q.withPolicy("p1"), 10))).containsExactly("f-1", "f-3");
        assertThat(ids(allPages(q.withResource("r1"), 10))).containsExactly("f-1", "f-2");
        assertThat(ids(allPages(new FindingQuery(q.status(), Optional.of(Severity.LOW), q.policyId(), q.resourceId(),
                q.resourceType(), q.account(), q.framework(), Map.of(), q.sort()), 10))).containsExactly("f-2");
        assertThat(ids(allPages(new FindingQuery(q.status(), q.severity(), q.policyId(), q.resourceId(),
                Optional.of("aws.ec2.instance"), q.account(), q.framework(), Map.of(), q.sort()), 10)))
                .containsExactly("f-2");
        assertThat(ids(allPages(new FindingQuery(q.status(), q.severity(), q.policyId(), q.resourceId(),
                q.resourceType(), Optional.of("999"), q.framework(), Map.of(), q.sort()), 10))).containsExactly("f-3");
        assertThat(ids(allPages(new FindingQuery(q.status(), q.severity(), q.policyId(), q.resourceId(),
                q.resourceType(), q.account(), Optional.of("cis"), Map.of(), q.sort()), 10))).containsExactly("f-1");
        assertThat(ids(allPages(new FindingQuery(q.status(), q.severity(), q.policyId(), q.resourceId(),
                q.resourceType(), q.account(), q.framework(), Map.of("owner", "x"), q.sort()), 10)))
                .containsExactly("f-1");
    }

    @Test
    void query_sortsByRiskScoreDescendingAcrossPages() {
        store.putAll(TENANT_A, List.of(
                aFinding().withId("f-1").withResource("r1").withRiskScore(2).build(),
                aFinding().withId("f-2").withResource("r2").withRiskScore(9.5).build(),
                aFinding().withId("f-3").withResource("r3").withRiskScore(5).build(),
                aFinding().withId("f-4").withResource("r4").withRiskScore(7).build()));

        assertThat(ids(allPages(sorted("-risk_score"), 3))).containsExactly("f-2", "f-4", "f-3", "f-1");
    }

    @Test
    void query_sortsByLastSeen() {
        store.putAll(TENANT_A, List.of(
                aFinding().withId("f-1").withResource("r1").lastSeen(T0.plusSeconds(30)).build(),
                aFinding().withId("f-2").withResource("r2").lastSeen(T0.plusSeconds(10)).build(),
                aFinding().withId("f-3").withResource("r3").lastSeen(T0.plusSeconds(20)).build()));

        assertThat(ids(allPages(sorted("last_seen"), 2))).containsExactly("f-2", "f-3", "f-1");
        assertThat(ids(allPages(sorted("-last_seen"), 2))).containsExactly("f-1", "f-3", "f-2");
    }

    @Test
    void count_countsMatchesWithNoPageLimit() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            findings.add(aFinding().withId("f-" + i).withResource("r-" + i)
                    .withStatus(i % 3 == 0 ? FindingStatus.RESOLVED : FindingStatus.OPEN).build());
        }
        store.putAll(TENANT_A, findings);

        assertThat(store.count(TENANT_A, FindingQuery.all())).isEqualTo(600);
        assertThat(store.count(TENANT_A, FindingQuery.all().withStatus(FindingStatus.OPEN))).isEqualTo(400);
    }

    @Test
    void adjustPairCounts_addsTheDelta() {
        store.adjustPairCounts(TENANT_A, "p", new PairCounts(5, 2, 1, 0));

        store.adjustPairCounts(TENANT_A, "p", new PairCounts(-1, 1, 0, 1));

        assertThat(store.pairCounts(TENANT_A)).containsExactlyEntriesOf(Map.of("p", new PairCounts(4, 3, 1, 1)));
    }

    @Test
    void replacePairCounts_replacesAndZeroRemoves() {
        store.adjustPairCounts(TENANT_A, "p", new PairCounts(5, 2, 1, 0));
        store.replacePairCounts(TENANT_A, "q", new PairCounts(1, 0, 0, 0));

        store.replacePairCounts(TENANT_A, "p", new PairCounts(9, 0, 0, 0));
        assertThat(store.pairCounts(TENANT_A)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "p", new PairCounts(9, 0, 0, 0), "q", new PairCounts(1, 0, 0, 0)));

        store.replacePairCounts(TENANT_A, "p", PairCounts.ZERO);
        assertThat(store.pairCounts(TENANT_A)).containsOnlyKeys("q");
    }

    @Test
    void aggregates_countOpenFindingsBySeverityPolicyAndType_andTheResolvedOnesOfTheWindow() {
        java.time.Instant start = T0.minus(java.time.Duration.ofDays(10));
        store.putAll(TENANT_A, List.of(
                aFinding().withId("o-1").withPolicy("p1").withResource("r1").withResourceType("aws.s3.bucket")
                        .withSeverity(Severity.HIGH).build(),
                aFinding().withId("o-2").withPolicy("p1").withResource("r2").withResourceType("aws.ec2.instance")
                        .withSeverity(Severity.HIGH).build(),
                aFinding().withId("o-3").withPolicy("p2").withResource("r1").withResourceType("aws.s3.bucket")
                        .withSeverity(Severity.LOW).build(),
                // resolved 90 minutes and 30.9 s after first seen, inside the window
                aFinding().withId("x-1").withPolicy("p2").withResource("r2").withStatus(FindingStatus.RESOLVED)
                        .firstSeen(T0.minusSeconds(5430).minusMillis(900)).lastSeen(T0).build(),
                // resolved before the window
                aFinding().withId("x-2").withPolicy("p3").withResource("r3").withStatus(FindingStatus.RESOLVED)
                        .firstSeen(start.minusSeconds(7200)).lastSeen(start.minusSeconds(1)).build(),
                aFinding().withId("e-1").withPolicy("p3").withResource("r4").withStatus(FindingStatus.EXEMPTED).build()));
        store.putAll(TENANT_B, List.of(aFinding().withId("b-1").withPolicy("p1").withResource("r1").build()));

        var agg = store.aggregates(TENANT_A, start);

        assertThat(agg.open()).isEqualTo(3);
        assertThat(agg.openBySeverity()).isEqualTo(Map.of("high", 2L, "low", 1L));
        assertThat(agg.openByPolicy()).isEqualTo(Map.of("p1", 2L, "p2", 1L));
        assertThat(agg.openByType()).isEqualTo(Map.of("aws.s3.bucket", 2L, "aws.ec2.instance", 1L));
        assertThat(agg.resolved()).isEqualTo(1);
        assertThat(agg.resolveSeconds()).isEqualTo(5430);
        var empty = store.aggregates(io.praetor.ports.TenantId.of("nobody"), start);
        assertThat(empty.open()).isZero();
        assertThat(empty.resolved()).isZero();
        assertThat(empty.openByPolicy()).isEmpty();
    }

    /**
     * The open counts follow every kind of write, not just the first: findings that open, resolve,
     * reopen, are exempted or change severity or type, several writes of one id in one call, calls
     * of one and of many. Seeded random writes, checked against counts made from what was written
     * last (a store may keep the counts instead of aggregating on read, ADR 0035).
     */
    @Test
    void aggregates_followUpdatesOfStatusSeverityAndType_acrossManyWrites() {
        java.util.Random random = new java.util.Random(35);
        Severity[] severities = Severity.values();
        FindingStatus[] statuses = FindingStatus.values();
        String[] types = {"aws.s3.bucket", "aws.ec2.instance", "aws.iam.role"};
        Map<String, Finding> latest = new java.util.HashMap<>();
        for (int round = 0; round < 40; round++) {
            int size = round % 5 == 0 ? 60 : 1 + random.nextInt(4);
            List<Finding> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int k = random.nextInt(50);
                // an id keeps its (policy, resource) pair, as real findings do
                Finding f = aFinding().withId("f-" + k).withPolicy("p" + (k % 6)).withResource("r" + k)
                        .withResourceType(types[random.nextInt(types.length)])
                        .withSeverity(severities[random.nextInt(severities.length)])
                        .withStatus(statuses[random.nextInt(statuses.length)]).build();
                batch.add(f);
                latest.put(f.id(), f);
            }
            store.putAll(TENANT_A, batch);
            if (round % 10 == 9) store.putAll(TENANT_B, batch);

            Map<String, Long> severity = new java.util.HashMap<>();
            Map<String, Long> policy = new java.util.HashMap<>();
            Map<String, Long> type = new java.util.HashMap<>();
            for (Finding f : latest.values()) {
                if (f.status() != FindingStatus.OPEN) continue;
                severity.merge(f.severity().wireName(), 1L, Long::sum);
                policy.merge(f.policyId(), 1L, Long::sum);
                type.merge(f.resourceType(), 1L, Long::sum);
            }
            var agg = store.aggregates(TENANT_A, T0.minus(java.time.Duration.ofDays(30)));
            assertThat(agg.openBySeverity()).as("round %d", round).isEqualTo(severity);
            assertThat(agg.openByPolicy()).as("round %d", round).isEqualTo(policy);
            assertThat(agg.openByType()).as("round %d", round).isEqualTo(type);
            assertThat(agg.open()).as("round %d", round).isEqualTo(severity.values().stream().mapToLong(Long::longValue).sum());
        }
    }
}
