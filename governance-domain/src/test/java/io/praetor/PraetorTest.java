package io.praetor;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.domain.evidence.BundleVerifier;
import io.praetor.ports.PageRequest;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.PlannedChange;
import io.praetor.ports.action.Preflight;
import io.praetor.ports.action.Verification;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.usecase.ActionRequest;
import io.praetor.ports.usecase.ImportResult;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole loop through the SDK facade: import → findings → dry-run → approve → run → verified → evidence. */
class PraetorTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Principal ALICE = new Principal("alice", ACME, Set.of(Role.OPERATOR, Role.ADMIN));
    private static final Principal BOB = new Principal("bob", ACME, Set.of(Role.APPROVER));
    private static final String POLICY = """
            apiVersion: praetor.io/v1
            kind: Policy
            metadata:
              id: s3-versioning
              title: S3 buckets keep object versions
              severity: medium
              frameworks: {cis-aws-3.0: ["2.1.3"]}
            spec:
              resource: aws.s3.bucket
              violation: 'resource.properties.?supplementaryConfiguration.?BucketVersioningConfiguration.?status.orValue("Off") != "Enabled"'
              message: 'Bucket ${resource.name} does not keep versions'
              remediation:
                handler: test.enable-versioning
            """;

    private final SettableClock clock = SettableClock.atEpochOf2026();
    private InMemoryAdapters adapters;
    private Praetor praetor;
    private final VersioningHandler handler = new VersioningHandler();

    @BeforeEach
    void start() {
        adapters = InMemoryAdapters.create(clock);
        praetor = Praetor.builder().ports(adapters).handler(handler).build().start();
    }

    @AfterEach
    void stop() {
        praetor.close();
        adapters.close();
    }

    @Test
    void theWholeLoop_findsFixesAndProvesARemediation() throws Exception {
        praetor.policies().putPolicy(ALICE, "s3-versioning", POLICY);
        ImportResult imported;
        try (InputStream in = Files.newInputStream(sample("aws-config-snapshot.json"))) {
            imported = praetor.inventory().importSnapshot(ALICE, SnapshotImport.of("aws-config"), in);
        }
        assertThat(imported.created()).isPositive();

        List<Finding> open = praetor.findings().findings(ALICE,
                FindingQuery.all().withStatus(FindingStatus.OPEN).withPolicy("s3-versioning"), PageRequest.firstPage()).items();
        assertThat(open).extracting(Finding::resourceId).contains("arn:aws:s3:::acme-public-assets")
                .doesNotContain("arn:aws:s3:::acme-audit-logs");
        Finding finding = open.stream().filter(f -> f.resourceId().equals("arn:aws:s3:::acme-public-assets")).findFirst().orElseThrow();

        Action requested = praetor.actions().requestAction(ALICE, ActionRequest.forFinding(finding.id(), true, "fix it"));
        Action planned = awaitState(requested.id(), ActionState.PLANNED);
        assertThat(planned.plan()).get().satisfies(plan -> {
            assertThat(plan.diff()).containsExactly(Map.of("op", "replace",
                    "path", "/supplementaryConfiguration/BucketVersioningConfiguration/status", "value", "Enabled"));
            assertThat(plan.destructive()).isFalse();
        });
        assertThat(handler.applies.get()).isZero();

        praetor.actions().approve(BOB, requested.id(), "looks right");
        praetor.actions().run(ALICE, requested.id());
        Action done = awaitState(requested.id(), ActionState.COMPLETED);
        assertThat(handler.applies.get()).isEqualTo(1);
        assertThat(done.evidence()).isNotEmpty();

        await(() -> praetor.findings().finding(ALICE, finding.id()).status() == FindingStatus.RESOLVED);

        byte[] bundle = praetor.bundles().write(ACME, praetor.actions().action(ALICE, requested.id()));
        assertThat(BundleVerifier.verify(bundle).problems()).isEmpty();
        assertThat(praetor.ledger().verify(ACME).ok()).isTrue();
    }

    private Action awaitState(String id, ActionState state) {
        await(() -> praetor.actions().action(ALICE, id).state() == state);
        return praetor.actions().action(ALICE, id);
    }

    private static void await(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not reached within 10 s");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static Path sample(String name) {
        Path p = Path.of("../examples/inventories", name);
        return Files.exists(p) ? p : Path.of("examples/inventories", name);
    }

    /** Turns versioning on in a bucket it keeps in memory, like a real S3 handler against an endpoint. */
    static final class VersioningHandler implements ActionHandler {
        final AtomicInteger applies = new AtomicInteger();
        final Map<String, String> status = new ConcurrentHashMap<>();

        @Override public String name() { return "test.enable-versioning"; }
        @Override public boolean destructive() { return false; }

        @Override public Preflight preflight(HandlerContext ctx) { return Preflight.ok(Map.of("bucket", ctx.resource().name())); }

        @Override public PlannedChange plan(HandlerContext ctx) {
            Map<String, Object> current = ctx.resource().properties();
            return new PlannedChange("enable versioning", current, withStatus(current, "Enabled"), Map.of());
        }

        @Override public Map<String, Object> apply(HandlerContext ctx, PlannedChange plan) {
            if (status.put(ctx.actionId(), "Enabled") == null) applies.incrementAndGet();
            return Map.of("status", "Enabled");
        }

        @Override public Verification verify(HandlerContext ctx, PlannedChange plan) {
            return new Verification("Enabled".equals(status.get(ctx.actionId())), "read back", plan.plannedState());
        }

        @Override public Map<String, Object> rollback(HandlerContext ctx, PlannedChange plan) {
            status.remove(ctx.actionId());
            return Map.of("status", "Off");
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> withStatus(Map<String, Object> props, String value) {
            Map<String, Object> copy = new LinkedHashMap<>(props);
            Map<String, Object> sup = new LinkedHashMap<>((Map<String, Object>) props.get("supplementaryConfiguration"));
            Map<String, Object> ver = new LinkedHashMap<>((Map<String, Object>) sup.get("BucketVersioningConfiguration"));
            ver.put("status", value);
            sup.put("BucketVersioningConfiguration", ver);
            copy.put("supplementaryConfiguration", sup);
            return JsonTrees.freezeObject(copy);
        }
    }
}
