package io.praetor.domain.evidence.audit;

import io.praetor.domain.json.ActionJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.praetor.Praetor;
import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;

import io.praetor.domain.evidence.BundleVerifier;
import io.praetor.domain.evidence.MerkleHashes;
import io.praetor.domain.json.CanonicalJson;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.PlannedChange;
import io.praetor.ports.action.Preflight;
import io.praetor.ports.action.Verification;
import io.praetor.ports.evidence.LedgerEntry;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.finding.Exemption;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.ActionRequest;
import io.praetor.ports.usecase.ExemptionRequest;
import io.praetor.ports.usecase.ImportResult;
import io.praetor.ports.usecase.ScanResult;
import io.praetor.ports.usecase.SnapshotImport;
import io.praetor.testkit.fixtures.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit table of issue [evidence]: each privileged use case of the facade, called once, leaves
 * exactly one ledger entry by its caller — of the right kind, about the thing it acted on, hashing
 * the request (or, for actions, the event the request's transition stored) — and a rejected
 * request leaves none.
 */
class AuditedUseCasesTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Principal OLGA = new Principal("olga", ACME, Set.of(Role.OPERATOR));
    private static final Principal BOB = new Principal("bob", ACME, Set.of(Role.APPROVER));
    private static final Principal CAROL = new Principal("carol", ACME, Set.of(Role.ADMIN));
    private static final Principal VIC = new Principal("vic", ACME, Set.of(Role.VIEWER));
    private static final String POLICY_ID = "bucket-fixed";
    private static final String POLICY = """
            apiVersion: praetor.io/v1
            kind: Policy
            metadata:
              id: bucket-fixed
              title: Buckets are fixed
              severity: high
            spec:
              resource: aws.s3.bucket
              violation: '!resource.properties.?fixed.orValue(false)'
              message: 'Bucket ${resource.name} is not fixed'
              remediation:
                handler: test.fix
            """;

    private final SettableClock clock = SettableClock.atEpochOf2026();
    private InMemoryAdapters adapters;
    private Praetor praetor;

    @BeforeEach
    void start() {
        adapters = InMemoryAdapters.create(clock);
        praetor = Praetor.builder().ports(adapters).handler(new FixHandler()).build().start();
    }

    @AfterEach
    void stop() {
        praetor.close();
        adapters.close();
    }

    /** What a call must have recorded: the entry's subject and payload hash. */
    record Expected(String subject, String payloadSha256) {}

    /** A request to measure, prepared by its row's setup. */
    @FunctionalInterface
    interface Call {
        Expected perform() throws Exception;
    }

    @FunctionalInterface
    interface Scenario {
        Call prepare(AuditedUseCasesTest f) throws Exception;
    }

    record Row(String kind, Principal actor, Scenario scenario) {
        @Override
        public String toString() {
            return kind + " by " + actor.subject();
        }
    }

    static Stream<Row> auditTable() {
        return Stream.of(
                new Row("inventory.import", OLGA, f -> () -> {
                    byte[] body = f.ndjson("arn:aws:s3:::imported");
                    ImportResult r = f.praetor.inventory().importSnapshot(OLGA, SnapshotImport.of("praetor"),
                            new ByteArrayInputStream(body));
                    return new Expected(r.snapshotId(), hash(Map.of("format", "praetor", "full", false,
                            "body_sha256", MerkleHashes.sha256Hex(body))));
                }),
                new Row("resource.put", OLGA, f -> () -> {
                    Resource r = bucket("arn:aws:s3:::put");
                    f.praetor.inventory().putResource(OLGA, r);
                    return new Expected(r.id(), hash(resourceBody(r)));
                }),
                new Row("resource.delete", OLGA, f -> {
                    String id = f.resource("arn:aws:s3:::deleted").id();
                    return () -> {
                        f.praetor.inventory().deleteResource(OLGA, id);
                        return new Expected(id, hash(Map.of("resource_id", id)));
                    };
                }),
                new Row("policy.put", CAROL, f -> () -> {
                    f.praetor.policies().putPolicy(CAROL, POLICY_ID, POLICY);
                    return new Expected(POLICY_ID, hash(Map.of("policy_id", POLICY_ID, "source", POLICY)));
                }),
                new Row("policy.delete", CAROL, f -> {
                    f.policy();
                    return () -> {
                        f.praetor.policies().deletePolicy(CAROL, POLICY_ID);
                        return new Expected(POLICY_ID, hash(Map.of("policy_id", POLICY_ID)));
                    };
                }),
                new Row("scan.run", OLGA, f -> {
                    f.policy();
                    f.resource("arn:aws:s3:::scanned");
                    return () -> {
                        ScanResult r = f.praetor.findings().scan(OLGA);
                        return new Expected(r.scanId(), hash(Map.of()));
                    };
                }),
                new Row("exemption.create", CAROL, f -> {
                    f.policy();
                    String id = f.resource("arn:aws:s3:::exempt").id();
                    Instant until = f.clock.instant().plus(Duration.ofDays(7));
                    return () -> {
                        Exemption e = f.praetor.exemptions().createExemption(CAROL,
                                new ExemptionRequest(POLICY_ID, Optional.of(id), Optional.empty(), "accepted risk", until));
                        return new Expected(e.id(), hash(Map.of("policy_id", POLICY_ID, "resource_id", id,
                                "reason", "accepted risk", "expires_at", until.toString())));
                    };
                }),
                new Row("exemption.delete", CAROL, f -> {
                    f.policy();
                    String id = f.resource("arn:aws:s3:::unexempt").id();
                    Exemption e = f.praetor.exemptions().createExemption(CAROL, new ExemptionRequest(POLICY_ID,
                            Optional.of(id), Optional.empty(), "for now", f.clock.instant().plus(Duration.ofDays(1))));
                    return () -> {
                        f.praetor.exemptions().revokeExemption(CAROL, e.id());
                        return new Expected(e.id(), hash(Map.of("exemption_id", e.id())));
                    };
                }),
                new Row("action.create", OLGA, f -> {
                    String id = f.resource("arn:aws:s3:::requested").id();
                    return () -> f.anchored(f.praetor.actions().requestAction(OLGA, fix(id, true)), ActionState.QUEUED);
                }),
                new Row("action.approve", BOB, f -> {
                    Action a = f.planned("arn:aws:s3:::approved", true);
                    return () -> f.anchored(f.praetor.actions().approve(BOB, a.id(), "fine"), ActionState.APPROVED);
                }),
                new Row("action.run", OLGA, f -> {
                    Action a = f.approved("arn:aws:s3:::run");
                    return () -> f.anchored(f.praetor.actions().run(OLGA, a.id()), ActionState.IN_PROGRESS);
                }),
                new Row("action.cancel", OLGA, f -> {
                    Action a = f.planned("arn:aws:s3:::cancelled", true);
                    return () -> f.anchored(f.praetor.actions().cancel(OLGA, a.id()), ActionState.CANCELLED);
                }),
                new Row("action.rollback", BOB, f -> {
                    Action a = f.completed("arn:aws:s3:::rolled-back");
                    return () -> f.anchored(f.praetor.actions().rollback(BOB, a.id()), ActionState.ROLLED_BACK);
                }),
                new Row("action.redrive", CAROL, f -> {
                    Action a = f.failed("arn:aws:s3:::broken-redriven");
                    return () -> f.anchored(f.praetor.actions().redrive(CAROL, a.id()), ActionState.QUEUED);
                }),
                new Row("elevation.request", OLGA, f -> () -> {
                    Elevation e = f.praetor.elevations().requestElevation(OLGA, "fix prod", Duration.ofMinutes(15), Optional.empty());
                    return new Expected(e.id(), hash(Map.of("reason", "fix prod", "duration_minutes", 15L)));
                }),
                new Row("elevation.approve", CAROL, f -> {
                    Elevation e = f.elevation();
                    return () -> {
                        f.praetor.elevations().approveElevation(CAROL, e.id());
                        return new Expected(e.id(), hash(Map.of("elevation_id", e.id())));
                    };
                }),
                new Row("elevation.reject", CAROL, f -> {
                    Elevation e = f.elevation();
                    return () -> {
                        f.praetor.elevations().rejectElevation(CAROL, e.id());
                        return new Expected(e.id(), hash(Map.of("elevation_id", e.id())));
                    };
                }),
                new Row("elevation.revoke", OLGA, f -> {
                    Elevation e = f.elevation();
                    f.praetor.elevations().approveElevation(CAROL, e.id());
                    return () -> {
                        f.praetor.elevations().revokeElevation(OLGA, e.id());
                        return new Expected(e.id(), hash(Map.of("elevation_id", e.id())));
                    };
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("auditTable")
    void eachPrivilegedUseCase_recordsExactlyOneEntryOfItsKind_byItsCaller_aboutWhatItActedOn(Row row) throws Exception {
        Call call = row.scenario().prepare(this);
        long before = praetor.ledger().size(ACME);

        Expected expected = call.perform();

        // Only the system (executor, evidence of its steps) writes besides the caller meanwhile.
        List<LedgerEntry> byOthers = entriesFrom(before).stream()
                .filter(e -> !e.actor().equals(Principal.SYSTEM_SUBJECT)).toList();
        assertThat(byOthers).extracting(LedgerEntry::kind, LedgerEntry::actor, LedgerEntry::subject, LedgerEntry::payloadSha256)
                .containsExactly(tuple(row.kind(), row.actor().subject(), expected.subject(), expected.payloadSha256()));
    }

    @Test
    void theAuditTable_coversEveryRequestKind() {
        assertThat(auditTable().map(Row::kind)).containsExactlyInAnyOrder(
                "inventory.import", "resource.put", "resource.delete", "policy.put", "policy.delete", "scan.run",
                "exemption.create", "exemption.delete", "action.create", "action.approve", "action.run",
                "action.cancel", "action.rollback", "action.redrive", "elevation.request", "elevation.approve",
                "elevation.reject", "elevation.revoke");
    }

    @Test
    void anImportEntry_hashesTheEnvelopeAndEveryByteOfTheBody() throws Exception {
        byte[] body = ("{\"configurationItems\":[{\"resourceType\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::cfg\","
                + "\"awsRegion\":\"us-east-1\",\"awsAccountId\":\"111122223333\",\"configuration\":{}}]}"
                + "\n\n   \n").getBytes(StandardCharsets.UTF_8);
        SnapshotImport request = new SnapshotImport("aws-config", Optional.empty(), Optional.empty(), Optional.of("111122223333"),
                Optional.empty(), true);
        long before = praetor.ledger().size(ACME);

        ImportResult r = praetor.inventory().importSnapshot(OLGA, request, new ByteArrayInputStream(body));

        assertThat(r.created()).isEqualTo(1);
        assertThat(entriesFrom(before)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("inventory.import");
            assertThat(e.subject()).isEqualTo(r.snapshotId());
            assertThat(e.payloadSha256()).isEqualTo(hash(Map.of("format", "aws-config", "account", "111122223333",
                    "full", true, "body_sha256", MerkleHashes.sha256Hex(body))));
        });
    }

    @Test
    void theImportHash_coversBytesTheReaderLeftUnread_andSkipped() throws Exception {
        byte[] body = "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
        var in = new AuditedInventoryUseCases.HashingInput(new ByteArrayInputStream(body));
        assertThat(in.read(new byte[3], 0, 3)).isEqualTo(3);
        assertThat(in.skip(5)).isEqualTo(5);
        assertThat(in.read()).isEqualTo('8');

        assertThat(in.sha256OfAll()).isEqualTo(MerkleHashes.sha256Hex(body));
    }

    @Test
    void rejectedRequests_recordNothing() {
        Action planned = planned("arn:aws:s3:::four-eyes", true);
        long before = praetor.ledger().size(ACME);

        assertThatThrownBy(() -> praetor.policies().putPolicy(VIC, POLICY_ID, POLICY)).isInstanceOf(PraetorException.class);
        assertThatThrownBy(() -> praetor.inventory().importSnapshot(VIC, SnapshotImport.of("praetor"),
                new ByteArrayInputStream(ndjson("arn:aws:s3:::nope")))).isInstanceOf(PraetorException.class);
        assertThatThrownBy(() -> praetor.inventory().importSnapshot(OLGA, SnapshotImport.of("praetor"),
                new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(PraetorException.class);
        assertThatThrownBy(() -> praetor.actions().approve(OLGA, planned.id(), "my own")).isInstanceOf(PraetorException.class);
        assertThatThrownBy(() -> praetor.actions().run(OLGA, planned.id())).isInstanceOf(PraetorException.class);
        assertThatThrownBy(() -> praetor.elevations().approveElevation(CAROL, "no-such-elevation")).isInstanceOf(PraetorException.class);

        assertThat(entriesFrom(before)).isEmpty();
    }

    @Test
    void aRunAnsweredPlanStale_recordsNoRun_butTheRePlanAsActionStateBySystem() {
        Action a = approved("arn:aws:s3:::stale");
        Resource changed = bucketWith(a.resourceId(), Map.of("owner", "someone else"));
        praetor.inventory().putResource(OLGA, changed);
        long before = praetor.ledger().size(ACME);

        assertThatThrownBy(() -> praetor.actions().run(OLGA, a.id())).isInstanceOfSatisfying(PraetorException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PLAN_STALE));

        Action replanned = praetor.actions().action(OLGA, a.id());
        assertThat(replanned.state()).isEqualTo(ActionState.PLANNED);
        ActionEvent replan = event(a.id(), replanned.lastSeq());
        assertThat(entriesFrom(before).stream().filter(e -> !e.kind().equals("evidence.put")))
                .extracting(LedgerEntry::kind, LedgerEntry::actor, LedgerEntry::subject, LedgerEntry::payloadSha256)
                .containsExactly(tuple("action.state", "system", a.id(), ActionJson.eventSha256(replan)));
    }

    @Test
    void everyStateEventOfAnAction_isAnchoredByExactlyOneEntry_andItsBundleVerifies() {
        Action done = completed("arn:aws:s3:::proven");
        praetor.actions().rollback(BOB, done.id());
        Action a = praetor.actions().action(OLGA, done.id());

        List<LedgerEntry> ledger = entriesFrom(0);
        List<ActionEvent> events = praetor.actions().events(OLGA, a.id(), 0, 100);
        assertThat(events).extracting(ActionEvent::state).containsExactly(ActionState.QUEUED, ActionState.PREFLIGHT,
                ActionState.PLANNED, ActionState.APPROVED, ActionState.IN_PROGRESS, ActionState.VERIFYING,
                ActionState.COMPLETED, ActionState.ROLLED_BACK);
        Map<String, String> kindOfState = new LinkedHashMap<>();
        for (ActionEvent e : events) {
            List<LedgerEntry> anchoring = ledger.stream()
                    .filter(l -> l.payloadSha256().equals(ActionJson.eventSha256(e))).toList();
            assertThat(anchoring).as("entries anchoring event %d (%s)", e.seq(), e.type()).singleElement()
                    .satisfies(l -> assertThat(l.subject()).isEqualTo(a.id()));
            kindOfState.put(e.state().wireName(), anchoring.getFirst().kind() + " by " + anchoring.getFirst().actor());
        }
        assertThat(kindOfState).containsExactly(
                Map.entry("queued", "action.create by olga"),
                Map.entry("preflight", "action.state by system"),
                Map.entry("planned", "action.state by system"),
                Map.entry("approved", "action.approve by bob"),
                Map.entry("in_progress", "action.run by olga"),
                Map.entry("verifying", "action.state by system"),
                Map.entry("completed", "action.state by system"),
                Map.entry("rolled_back", "action.rollback by bob"));
        long actionEntries = ledger.stream().filter(l -> l.subject().equals(a.id()) && l.kind().startsWith("action.")).count();
        assertThat(actionEntries).isEqualTo(events.size());
        // every entry written on the normal path says so (ADR 0032): the lost-entry sweep finds nothing to do
        assertThat(adapters.actionEvents().unanchored(clock.instant().plus(java.time.Duration.ofDays(1)), 100)).isEmpty();
        clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(praetor.anchorLostLedgerEntries()).isZero();

        assertThat(BundleVerifier.verify(praetor.bundles().write(ACME, a)).problems()).isEmpty();
        assertThat(praetor.ledger().verify(ACME).ok()).isTrue();
    }

    @Test
    void anAutoModeAction_isRecordedWholeAsActionStateBySystem() {
        praetor.policies().putPolicy(CAROL, POLICY_ID, POLICY.replace("  remediation:\n", "  mode: auto\n  remediation:\n"));
        Resource r = resource("arn:aws:s3:::auto");
        String actionId = await(() -> praetor.findings().findings(OLGA, io.praetor.ports.finding.FindingQuery.all(),
                io.praetor.ports.PageRequest.firstPage()).items().stream()
                .filter(f -> f.resourceId().equals(r.id()) && !f.actionIds().isEmpty())
                .map(f -> f.actionIds().getFirst()).findFirst());
        awaitState(actionId, ActionState.COMPLETED);

        List<LedgerEntry> about = entriesFrom(0).stream().filter(l -> l.subject().equals(actionId)
                && !l.kind().equals("evidence.put")).toList();
        assertThat(about).isNotEmpty().allSatisfy(l -> {
            assertThat(l.kind()).isEqualTo("action.state");
            assertThat(l.actor()).isEqualTo("system");
        });
        assertThat(about).hasSize(praetor.actions().events(OLGA, actionId, 0, 100).size());
        assertThat(BundleVerifier.verify(praetor.bundles().write(ACME, praetor.actions().action(OLGA, actionId))).problems())
                .isEmpty();
    }

    // ---- fixture

    private static String hash(Map<String, ?> body) {
        return CanonicalJson.sha256Hex(body);
    }

    private static ActionRequest fix(String resourceId, boolean dryRun) {
        return new ActionRequest(Optional.empty(), Optional.of(resourceId), Optional.of("test.fix"), Map.of(), dryRun, "audit test");
    }

    private static Resource bucket(String id) {
        return bucketWith(id, Map.of());
    }

    private static Resource bucketWith(String id, Map<String, Object> properties) {
        Fixtures.ResourceBuilder b = Fixtures.aResource().withId(id).withName(id.substring(id.lastIndexOf(':') + 1))
                .withVersion(0);
        properties.forEach(b::withProperty);
        return b.build();
    }

    private static Map<String, Object> resourceBody(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("key", r.key());
        m.put("provider", r.provider());
        m.put("type", r.type());
        m.put("name", r.name());
        m.put("region", r.region());
        m.put("account", r.account());
        m.put("tags", r.tags());
        m.put("properties", r.properties());
        m.put("source", r.source());
        m.put("observed_at", r.observedAt().toString());
        return m;
    }

    private byte[] ndjson(String id) {
        return ("{\"id\":\"" + id + "\",\"type\":\"aws.s3.bucket\",\"name\":\"imported\",\"properties\":{}}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private Resource resource(String id) {
        return praetor.inventory().putResource(OLGA, bucket(id));
    }

    private void policy() {
        praetor.policies().putPolicy(CAROL, POLICY_ID, POLICY);
    }

    private Elevation elevation() {
        return praetor.elevations().requestElevation(OLGA, "fix prod", Duration.ofMinutes(15), Optional.empty());
    }

    private Action planned(String id, boolean dryRun) {
        resource(id);
        Action a = praetor.actions().requestAction(OLGA, fix(id, dryRun));
        return awaitState(a.id(), ActionState.PLANNED);
    }

    private Action approved(String id) {
        Action a = planned(id, true);
        return praetor.actions().approve(BOB, a.id(), "fine");
    }

    private Action completed(String id) {
        Action a = approved(id);
        praetor.actions().run(OLGA, a.id());
        return awaitState(a.id(), ActionState.COMPLETED);
    }

    private Action failed(String id) {
        resource(id);
        Action a = praetor.actions().requestAction(OLGA, fix(id, true));
        return awaitState(a.id(), ActionState.FAILED);
    }

    /** The expectation of an action request: its entry anchors the event the returned action stored last. */
    private Expected anchored(Action returned, ActionState state) {
        ActionEvent made = event(returned.id(), returned.lastSeq());
        assertThat(made.state()).isEqualTo(state);
        return new Expected(returned.id(), ActionJson.eventSha256(made));
    }

    private ActionEvent event(String actionId, long seq) {
        return praetor.actions().events(OLGA, actionId, seq - 1, 1).getFirst();
    }

    private List<LedgerEntry> entriesFrom(long seq) {
        long size = praetor.ledger().size(ACME);
        if (size <= seq) return List.of();
        return praetor.ledger().read(ACME, seq, (int) (size - seq)).stream().map(LedgerLeaf::entry).toList();
    }

    /**
     * Waits until the action is in {@code state} and the ledger anchors its last event: the journal
     * records an executor's transition just after its commit, so the state is visible a moment first.
     */
    private Action awaitState(String id, ActionState state) {
        return await(() -> Optional.of(praetor.actions().action(OLGA, id))
                .filter(a -> a.state() == state)
                .filter(a -> {
                    // the executor's thread may have stored the action but not yet its event: not there yet
                    var stored = praetor.actions().events(OLGA, id, a.lastSeq() - 1, 1).stream().findFirst();
                    if (stored.isEmpty()) return false;
                    String anchor = ActionJson.eventSha256(stored.get());
                    return entriesFrom(0).stream().anyMatch(l -> l.payloadSha256().equals(anchor));
                }));
    }

    /** Polls what the executor does on its own thread, up to 10 s. */
    private static <T> T await(Supplier<Optional<T>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Optional<T> value = condition.get();
            if (value.isPresent()) return value.get();
            if (System.nanoTime() > deadline) throw new AssertionError("condition not reached within 10 s");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Sets {@code fixed: true}; its preflight fails on buckets named {@code broken-…}. */
    static final class FixHandler implements ActionHandler {
        private final Map<String, Boolean> fixed = new java.util.concurrent.ConcurrentHashMap<>();

        @Override public String name() { return "test.fix"; }
        @Override public boolean destructive() { return false; }

        @Override public Preflight preflight(HandlerContext ctx) {
            return ctx.resource().name().startsWith("broken-") ? Preflight.failed(List.of("bucket is broken"))
                    : Preflight.ok(Map.of("bucket", ctx.resource().name()));
        }

        @Override public PlannedChange plan(HandlerContext ctx) {
            Map<String, Object> next = new LinkedHashMap<>(ctx.resource().properties());
            next.put("fixed", true);
            return new PlannedChange("fix the bucket", ctx.resource().properties(), JsonTrees.freezeObject(next), Map.of());
        }

        @Override public Map<String, Object> apply(HandlerContext ctx, PlannedChange plan) {
            fixed.put(ctx.actionId(), true);
            return Map.of("fixed", true);
        }

        @Override public Verification verify(HandlerContext ctx, PlannedChange plan) {
            return new Verification(fixed.containsKey(ctx.actionId()), "read back", plan.plannedState());
        }

        @Override public Map<String, Object> rollback(HandlerContext ctx, PlannedChange plan) {
            fixed.remove(ctx.actionId());
            return Map.of("fixed", false);
        }
    }
}
