package io.praetor.domain.act;

import static io.praetor.domain.act.ActHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.evidence.MerkleHashes;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.evidence.EvidenceRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An action never moves on without the evidence of its step; an outage of the evidence store makes it wait. */
class EvidenceOutageTest {
    private final ActHarness h = new ActHarness();
    /** Artifact names whose recording fails now. */
    private final Set<String> failing = new CopyOnWriteArraySet<>();
    private final Set<String> stored = ConcurrentHashMap.newKeySet();
    private final ActionExecutor executor = new ActionExecutor(h.ports, h.handlers, h.settings,
            (tenant, r) -> { }, this::record);

    private Optional<EvidenceRef> record(io.praetor.ports.TenantId tenant, String actionId, String name, String mediaType,
                                         byte[] content) {
        if (failing.contains(name) || failing.contains("*")) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "no space left on the evidence store");
        }
        stored.add(name);
        return Optional.of(new EvidenceRef(MerkleHashes.sha256Hex(content), mediaType, name, content.length,
                Optional.of(actionId), h.clock.instant()));
    }

    @AfterEach
    void close() {
        executor.close();
        h.close();
    }

    @Test
    void withTheStoreDown_anActionWaitsInPreflight_andPlansWithItsEvidenceOnceItIsBack() {
        failing.add("*");
        Action a = h.request(h.setX, true);

        assertThat(executor.advance(TENANT, a.id())).as("delivered again later").isFalse();
        assertThat(executor.advance(TENANT, a.id())).isFalse();
        assertThat(h.get(a.id()).state()).isEqualTo(ActionState.PREFLIGHT);
        assertThat(h.get(a.id()).evidence()).isEmpty();

        failing.clear();
        assertThat(executor.advance(TENANT, a.id())).isTrue();
        Action planned = h.get(a.id());
        assertThat(planned.state()).isEqualTo(ActionState.PLANNED);
        assertThat(planned.evidence()).extracting(EvidenceRef::name)
                .containsExactly("preflight-report.json", "plan.json", "diff.json", "before.json");
    }

    @Test
    void anApplyResponseThatCouldNotBeStored_isStoredBeforeTheActionCompletes_andApplyRunsOnce() {
        Action a = h.request(h.setX, true);
        executor.advance(TENANT, a.id());
        h.service.approve(h.bob, a.id(), "fine");
        h.service.run(h.alice, a.id());
        failing.add("apply-response.json");

        assertThat(executor.advance(TENANT, a.id())).isFalse();
        assertThat(h.get(a.id()).state()).as("applied, waiting to store the response before verifying")
                .isEqualTo(ActionState.VERIFYING);
        assertThat(executor.advance(TENANT, a.id())).isFalse();

        failing.clear();
        assertThat(executor.advance(TENANT, a.id())).isTrue();
        Action done = h.get(a.id());
        assertThat(done.state()).isEqualTo(ActionState.COMPLETED);
        assertThat(done.evidence()).extracting(EvidenceRef::name)
                .containsSubsequence(List.of("plan.json", "apply-response.json", "after.json"));
        assertThat(h.setX.applyCalls).hasValue(1);
        assertThat(stored).contains("apply-response.json");
    }
}
