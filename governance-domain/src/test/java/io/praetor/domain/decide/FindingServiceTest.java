package io.praetor.domain.decide;

import static io.praetor.domain.decide.DecideFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.finding.PairCounts;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.ExemptionRequest;
import io.praetor.ports.usecase.ScanResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FindingServiceTest {
    private final DecideFixture fx = new DecideFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private void seedThreeBuckets() {
        fx.store(bucket("b1", Map.of("versioning", false)), bucket("b2", Map.of("versioning", true)),
                bucket("b3", Map.of()));
    }

    @Test
    void findingIds_areTheNameBasedUuidsOfThePair_asStoredFindingsAlreadyHaveThem() {
        // ids of stored findings were made with UUID.nameUUIDFromBytes: a different derivation would
        // give a re-evaluated pair a second finding
        // the digest keeps the last resource id's bytes: the same resource under other policies, an ASCII
        // id after a non-ASCII one, and a short one after a long one must each still hash their own bytes
        List<String[]> pairs = List.of(new String[] {"s3-public", "arn:aws:s3:::b"}, new String[] {"p", ""},
                new String[] {"policy-é", "resource-\u00e9-\u4e2d"},
                new String[] {"p".repeat(300), "r-\uD83D\uDE00-" + "y".repeat(200)}, new String[] {"\u00e9", "\uD83D\uDE00"},
                new String[] {"a", "arn:aws:s3:::b"}, new String[] {"b", "arn:aws:s3:::b"},
                new String[] {"c", new String("arn:aws:s3:::b".toCharArray())}, new String[] {"d", "r-\u00e9"},
                new String[] {"e", "r"}, new String[] {"f", "x".repeat(500)}, new String[] {"g", "short"});
        for (String[] pair : java.util.stream.Stream.concat(pairs.stream(), pairs.stream()).toList()) {
            String expected = "f-" + java.util.UUID.nameUUIDFromBytes((pair[0] + "\u0000" + pair[1])
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(FindingService.findingId(pair[0], pair[1])).isEqualTo(expected);
        }
    }

    @Test
    void scan_opensFindingsCountsPairsAndAppendsPublishedEvents() {
        seedThreeBuckets();
        fx.store(resource("v1", "aws.ec2.volume", Map.of("encrypted", false)));
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        fx.put("ebs-encrypted", "aws.ec2.volume", "!resource.properties.encrypted");
        ScanResult result = fx.findings.scan(ADMIN);
        assertThat(result.resources()).isEqualTo(4);
        assertThat(result.policies()).isEqualTo(2);
        assertThat(result.evaluations()).isEqualTo(4);
        assertThat(result.errors()).isZero();
        Finding f = fx.finding("s3-versioning", "b1").orElseThrow();
        assertThat(f.status()).isEqualTo(FindingStatus.OPEN);
        assertThat(f.firstSeen()).isEqualTo(fx.clock.instant());
        assertThat(f.riskScore()).isEqualTo(7.0);
        assertThat(f.title()).isEqualTo("Title of s3-versioning");
        assertThat(f.frameworks()).containsExactlyInAnyOrder("soc2", "nist-800-53-r5");
        assertThat(fx.finding("s3-versioning", "b3")).isPresent();
        assertThat(fx.finding("s3-versioning", "b2")).isEmpty();
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(1, 2, 0, 0))
                .containsEntry("ebs-encrypted", new PairCounts(0, 1, 0, 0));
        assertThat(fx.eventTypes()).contains("finding.opened:b1", "finding.opened:b3", "finding.opened:v1");
        assertThat(fx.adapters.tenantEvents().unpublished(100)).isEmpty();
    }

    @Test
    void scan_ofManyResources_decidedInParallel_keepsResourceOrderInEventsAndErrorSamples() {
        // more resources than a scan chunk, so chunks are cut into slices decided on every core: the
        // events and the first error samples must still come out in resource order, as if decided one by one
        List<Resource> buckets = new java.util.ArrayList<>();
        List<String> errored = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String id = String.format("b%04d", i);
            Map<String, Object> props = new java.util.HashMap<>();
            props.put("versioning", i % 3 != 0);
            if (i % 7 != 0) props.put("size", 5L);
            else errored.add(id);
            buckets.add(bucket(id, props));
        }
        // policies first (putting one evaluates it at once), so the scan is what opens every finding
        fx.put("p-size", "aws.s3.bucket", "resource.properties.size > 1");
        fx.put("p-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        fx.store(buckets.toArray(Resource[]::new));

        ScanResult result = fx.findings.scan(TENANT);

        List<String> opened = fx.eventTypes().stream().filter(e -> e.startsWith("finding.opened:"))
                .map(e -> e.substring("finding.opened:".length())).toList();
        long violating = 3000 - errored.size() + 1000; // p-size violates wherever there is a size; p-versioning where i % 3 == 0
        assertThat(opened).hasSize((int) violating).isSorted();
        assertThat(result.findingsOpened()).isEqualTo(violating);
        assertThat(result.errors()).isEqualTo(errored.size());
        assertThat(result.errorSamples()).extracting(ScanResult.EvaluationError::resourceId)
                .containsExactlyElementsOf(errored.subList(0, 20));
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("p-versioning", new PairCounts(2000, 1000, 0, 0))
                .containsEntry("p-size", new PairCounts(0, 3000 - errored.size(), 0, errored.size()));
    }

    @Test
    void scan_isIdempotentAndUpdatesLastSeen() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        Instant first = fx.clock.instant();
        fx.findings.scan(TENANT);
        int events = fx.eventTypes().size();
        fx.clock.advance(Duration.ofHours(1));
        ScanResult again = fx.findings.scan(TENANT);
        assertThat(again.findingsOpened()).isZero();
        assertThat(again.findingsResolved()).isZero();
        assertThat(fx.eventTypes()).hasSize(events);
        Finding f = fx.finding("s3-versioning", "b1").orElseThrow();
        assertThat(f.firstSeen()).isEqualTo(first);
        assertThat(f.lastSeen()).isEqualTo(fx.clock.instant());
        // within the refresh interval an unchanged finding is not rewritten just for last_seen
        Instant seen = fx.clock.instant();
        fx.clock.advance(Duration.ofMinutes(59));
        fx.findings.scan(TENANT);
        assertThat(fx.finding("s3-versioning", "b1").orElseThrow().lastSeen()).isEqualTo(seen);
        // a change of message or risk is written at once
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false",
                "  message: changed\n");
        assertThat(fx.finding("s3-versioning", "b1").orElseThrow().message()).isEqualTo("changed");
        assertThat(fx.finding("s3-versioning", "b1").orElseThrow().lastSeen()).isEqualTo(fx.clock.instant());
    }

    @Test
    void scan_errorsOpenNothingLeaveFindingsAndAreSampled() {
        fx.store(bucket("b1", Map.of("size", 5L)));
        fx.put("p-size", "aws.s3.bucket", "resource.properties.size > 1");
        fx.findings.scan(TENANT);
        assertThat(fx.finding("p-size", "b1")).map(Finding::status).contains(FindingStatus.OPEN);
        fx.store(bucket("b1", Map.of()), bucket("b2", Map.of()));
        ScanResult result = fx.findings.scan(TENANT);
        assertThat(result.errors()).isEqualTo(2);
        assertThat(result.errorSamples()).extracting(ScanResult.EvaluationError::resourceId).containsExactly("b1", "b2");
        assertThat(result.errorSamples().get(0).message()).contains("size");
        assertThat(fx.finding("p-size", "b1")).map(Finding::status).contains(FindingStatus.OPEN);
        assertThat(fx.finding("p-size", "b2")).isEmpty();
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("p-size", new PairCounts(0, 0, 0, 2));
    }

    @Test
    void scan_resolvesFindingsOfResourcesThatWereDeletedOrFixed() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        fx.findings.scan(TENANT);
        fx.delete("b1");
        fx.store(bucket("b3", Map.of("versioning", true)));
        fx.clock.advance(Duration.ofMinutes(5));
        ScanResult result = fx.findings.scan(TENANT);
        assertThat(result.findingsResolved()).isEqualTo(2);
        assertThat(fx.finding("s3-versioning", "b1").orElseThrow().status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(fx.finding("s3-versioning", "b3").orElseThrow().resolvedAt()).contains(fx.clock.instant());
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(2, 0, 0, 0));
    }

    @Test
    void reevaluate_adjustsOnlyTheChangedPairsAndTheirCounts() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        fx.put("s3-any", "aws.s3.*", "resource.name == \"b2\"");
        fx.findings.scan(TENANT);
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(1, 2, 0, 0));
        fx.clock.advance(Duration.ofMinutes(1));
        List<Resource> changed = fx.store(bucket("b1", Map.of("versioning", true)));
        fx.findings.reevaluate(TENANT, changed, List.of());
        assertThat(fx.finding("s3-versioning", "b1").orElseThrow().status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(2, 1, 0, 0))
                .containsEntry("s3-any", new PairCounts(2, 1, 0, 0));
        // it breaks again: the resolved finding re-opens as a new episode
        fx.clock.advance(Duration.ofMinutes(1));
        fx.findings.reevaluate(TENANT, fx.store(bucket("b1", Map.of("versioning", false))), List.of());
        Finding reopened = fx.finding("s3-versioning", "b1").orElseThrow();
        assertThat(reopened.status()).isEqualTo(FindingStatus.OPEN);
        assertThat(reopened.firstSeen()).isEqualTo(fx.clock.instant());
        assertThat(reopened.resolvedAt()).isEmpty();
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(1, 2, 0, 0));
        assertThat(fx.eventTypes()).containsSubsequence("finding.opened:b1", "finding.resolved:b1", "finding.opened:b1");
    }

    @Test
    void reevaluate_deletedResourceResolvesItsFindingsAndDropsItsPairs() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        fx.findings.scan(TENANT);
        fx.delete("b1", "b2");
        fx.findings.reevaluate(TENANT, List.of(), List.of("b1", "b2"));
        assertThat(fx.finding("s3-versioning", "b1").orElseThrow().status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(0, 1, 0, 0));
    }

    @Test
    void reevaluate_aResourceWhoseTypeChangedLeavesTheOldPolicies() {
        fx.store(bucket("x1", Map.of()));
        fx.put("s3-all", "aws.s3.bucket", "true");
        fx.findings.scan(TENANT);
        fx.findings.reevaluate(TENANT, fx.store(resource("x1", "aws.ec2.volume", Map.of())), List.of());
        assertThat(fx.finding("s3-all", "x1").orElseThrow().status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(fx.adapters.findings().pairCounts(TENANT).getOrDefault("s3-all", PairCounts.ZERO)).isEqualTo(PairCounts.ZERO);
    }

    @Test
    void reevaluate_beforeAnyScanRunsAFullScan() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        DecideFixture fresh = fx; // the same stores; a new service instance has a cold cache
        FindingService restarted = new FindingService(fresh.adapters.resources(), fresh.adapters.findings(),
                fresh.adapters.exemptions(), fresh.adapters.tenantEvents(), fresh.adapters.eventBus(),
                fresh.adapters.transactions(), fresh.clock, new PolicyCatalog(fresh.adapters.policies(),
                new io.praetor.domain.decide.engine.PolicyCompiler()), fresh.adapters.metricSnapshots(), Optional.empty());
        restarted.reevaluate(TENANT, fx.store(bucket("b2", Map.of("versioning", false))), List.of());
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(0, 3, 0, 0));
    }

    @Test
    void putPolicy_evaluatesItsScopeAndAChangeResolvesWhatNoLongerViolates() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        assertThat(fx.count(FindingQuery.all().withStatus(FindingStatus.OPEN))).isEqualTo(2);
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(1, 2, 0, 0));
        fx.put("s3-versioning", "aws.s3.bucket", "!has(resource.properties.versioning)");
        assertThat(fx.finding("s3-versioning", "b1").orElseThrow().status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(fx.finding("s3-versioning", "b3").orElseThrow().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(2, 1, 0, 0));
        assertThat(fx.adapters.policies().get(TENANT, "s3-versioning").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void deletePolicy_resolvesItsFindingsAndDropsItsCounts() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        fx.policies.deletePolicy(ADMIN, "s3-versioning");
        assertThat(fx.count(FindingQuery.all().withStatus(FindingStatus.OPEN))).isZero();
        assertThat(fx.adapters.findings().pairCounts(TENANT)).doesNotContainKey("s3-versioning");
        assertThatThrownBy(() -> fx.policies.deletePolicy(ADMIN, "s3-versioning"))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void riskExpression_setsTheRiskScoreAndMessageTemplatesTheMessage() {
        fx.store(bucket("b1", Map.of()));
        fx.put("p-risk", "aws.s3.bucket", "true",
                "  message: 'Bucket ${resource.name} in ${resource.region}'\n"
                        + "  risk: 'severity_weight * (resource.tags.?env.orValue(\"\") == \"prod\" ? 2.0 : 1.0)'\n");
        Finding f = fx.finding("p-risk", "b1").orElseThrow();
        assertThat(f.riskScore()).isEqualTo(14.0);
        assertThat(f.message()).isEqualTo("Bucket b1 in us-east-1");
    }

    @Test
    void autoMode_reportsNewlyOpenedFindingsToTheListenerAfterCommit() {
        fx.store(bucket("b1", Map.of()), bucket("b2", Map.of()));
        fx.put("p-manual", "aws.s3.bucket", "true");
        assertThat(fx.autoOpened).isEmpty();
        fx.put("p-auto", "aws.s3.bucket", "true", "  mode: auto\n");
        assertThat(fx.autoOpened).extracting(Finding::resourceId).containsExactlyInAnyOrder("b1", "b2");
        fx.findings.scan(TENANT);
        assertThat(fx.autoOpened).hasSize(2);
    }

    @Test
    void exemptionByResourceId_exemptsUntilItExpiresExactlyThenReopens() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        Instant expires = fx.clock.instant().plus(Duration.ofDays(7));
        var ex = fx.exemptions.createExemption(ADMIN, new ExemptionRequest("s3-versioning", Optional.of("b1"),
                Optional.empty(), "accepted risk", expires));
        Finding f = fx.finding("s3-versioning", "b1").orElseThrow();
        assertThat(f.status()).isEqualTo(FindingStatus.EXEMPTED);
        assertThat(f.exemptionId()).contains(ex.id());
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(1, 1, 1, 0));
        // a scan keeps it exempted
        fx.findings.scan(TENANT);
        assertThat(fx.finding("s3-versioning", "b1").orElseThrow().status()).isEqualTo(FindingStatus.EXEMPTED);
        fx.clock.set(expires.minusMillis(1));
        assertThat(fx.findings.expireExemptions()).isZero();
        assertThat(fx.finding("s3-versioning", "b1").orElseThrow().status()).isEqualTo(FindingStatus.EXEMPTED);
        fx.clock.set(expires);
        assertThat(fx.findings.expireExemptions()).isEqualTo(1);
        assertThat(fx.finding("s3-versioning", "b1").orElseThrow().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(1, 2, 0, 0));
        assertThat(fx.eventTypes()).containsSubsequence("finding.opened:b1", "finding.exempted:b1", "finding.opened:b1");
        assertThat(fx.findings.expireExemptions()).isZero();
    }

    @Test
    void exemptionBySelector_coversMatchingResourcesAndRevokingReopens() {
        fx.store(bucket("b1", Map.of()), resource("b9", "aws.s3.bucket", Map.of()));
        fx.store(Resource.of("b5", "aws.s3.bucket", "b5", "us-east-1", "111122223333", Map.of("env", "dev"),
                Map.of(), "praetor", Instant.EPOCH));
        fx.put("s3-all", "aws.s3.bucket", "true");
        var ex = fx.exemptions.createExemption(ADMIN, new ExemptionRequest("s3-all", Optional.empty(),
                Optional.of("resource.tags.?env.orValue('') == 'dev'"), "dev buckets", fx.clock.instant().plus(Duration.ofDays(1))));
        assertThat(fx.finding("s3-all", "b5").orElseThrow().status()).isEqualTo(FindingStatus.EXEMPTED);
        assertThat(fx.finding("s3-all", "b1").orElseThrow().status()).isEqualTo(FindingStatus.OPEN);
        // a new matching resource is exempted from the start
        fx.findings.reevaluate(TENANT, fx.store(Resource.of("b6", "aws.s3.bucket", "b6", "", "", Map.of("env", "dev"),
                Map.of(), "praetor", Instant.EPOCH)), List.of());
        assertThat(fx.finding("s3-all", "b6").orElseThrow().status()).isEqualTo(FindingStatus.EXEMPTED);
        fx.exemptions.revokeExemption(ADMIN, ex.id());
        assertThat(fx.finding("s3-all", "b5").orElseThrow().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(fx.exemptions.exemptions(VIEWER)).singleElement().satisfies(e -> assertThat(e.revokedAt()).isPresent());
    }

    @Test
    void exemption_rejectsUnknownPolicyBadSelectorAndPastExpiry() {
        fx.put("s3-all", "aws.s3.bucket", "true");
        Instant later = fx.clock.instant().plusSeconds(60);
        assertThatThrownBy(() -> fx.exemptions.createExemption(ADMIN, new ExemptionRequest("nope", Optional.of("b1"),
                Optional.empty(), "r", later))).isInstanceOf(PraetorException.class).hasMessageContaining("policy_id");
        assertThatThrownBy(() -> fx.exemptions.createExemption(ADMIN, new ExemptionRequest("s3-all", Optional.empty(),
                Optional.of("resource.name =="), "r", later)))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.issues()).isNotEmpty());
        assertThatThrownBy(() -> fx.exemptions.createExemption(ADMIN, new ExemptionRequest("s3-all", Optional.of("b1"),
                Optional.empty(), "r", fx.clock.instant()))).hasMessageContaining("expires_at");
        assertThatThrownBy(() -> fx.exemptions.createExemption(VIEWER, new ExemptionRequest("s3-all", Optional.of("b1"),
                Optional.empty(), "r", later)))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> fx.exemptions.revokeExemption(ADMIN, "ex-missing"))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void scan_needsTheOperatorRoleAndTakesTheDaysFirstSnapshot() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        assertThatThrownBy(() -> fx.findings.scan(VIEWER))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        fx.findings.scan(ADMIN);
        fx.store(bucket("b1", Map.of("versioning", true)));
        fx.findings.scan(ADMIN);
        var points = fx.adapters.metricSnapshots().range(TENANT, LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-01"));
        assertThat(points).singleElement().satisfies(s -> {
            assertThat(s.complianceScore()).isEqualTo(33.3);
            assertThat(s.findingsOpen()).isEqualTo(2);
        });
    }

    @Test
    void scan_afterTheDaysSnapshotDoesNotCountTheOpenFindingsAgain() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        // issue 5: every scan counted every open finding, though only the day's first snapshot is kept
        int[] counts = {0};
        io.praetor.ports.finding.FindingStore store = fx.adapters.findings();
        io.praetor.ports.finding.FindingStore counting = (io.praetor.ports.finding.FindingStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.praetor.ports.finding.FindingStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("count")) counts[0]++;
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        FindingService service = new FindingService(fx.adapters.resources(), counting, fx.adapters.exemptions(),
                fx.adapters.tenantEvents(), fx.adapters.eventBus(), fx.adapters.transactions(), fx.clock, fx.catalog,
                fx.adapters.metricSnapshots(), Optional.empty());
        service.scan(TENANT);
        int afterFirst = counts[0];
        service.scan(TENANT);
        assertThat(counts[0]).isEqualTo(afterFirst);
        var points = fx.adapters.metricSnapshots().range(TENANT, LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-01"));
        assertThat(points).singleElement().satisfies(s -> assertThat(s.findingsOpen()).isEqualTo(2));
    }

    @Test
    void findings_areReadByViewersAndMissingOnesAreNotFound() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        var page = fx.findings.findings(VIEWER, FindingQuery.all().withStatus(FindingStatus.OPEN),
                io.praetor.ports.PageRequest.firstPage());
        assertThat(page.items()).hasSize(2);
        assertThat(fx.findings.finding(VIEWER, page.items().get(0).id())).isEqualTo(page.items().get(0));
        assertThatThrownBy(() -> fx.findings.finding(VIEWER, "f-nope"))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void exemption_onAServiceThatHasNotScannedYetStillMovesThePairCounts() {
        seedThreeBuckets();
        fx.put("s3-versioning", "aws.s3.bucket", "resource.properties.?versioning.orValue(false) == false");
        FindingService restarted = new FindingService(fx.adapters.resources(), fx.adapters.findings(),
                fx.adapters.exemptions(), fx.adapters.tenantEvents(), fx.adapters.eventBus(), fx.adapters.transactions(),
                fx.clock, new PolicyCatalog(fx.adapters.policies(), new io.praetor.domain.decide.engine.PolicyCompiler()),
                fx.adapters.metricSnapshots(), Optional.empty());
        ExemptionService exemptions = new ExemptionService(fx.adapters.exemptions(), fx.adapters.policies(),
                fx.adapters.transactions(), fx.clock, fx.catalog, restarted);
        exemptions.createExemption(ADMIN, new ExemptionRequest("s3-versioning", Optional.of("b3"), Optional.empty(),
                "later", fx.clock.instant().plus(Duration.ofDays(1))));
        assertThat(fx.finding("s3-versioning", "b3").orElseThrow().status()).isEqualTo(FindingStatus.EXEMPTED);
        assertThat(fx.adapters.findings().pairCounts(TENANT)).containsEntry("s3-versioning", new PairCounts(1, 1, 1, 0));
    }
}
