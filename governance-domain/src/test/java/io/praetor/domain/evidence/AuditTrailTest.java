package io.praetor.domain.evidence;

import io.praetor.domain.json.ActionJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.LocalKeySigner;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.domain.json.CanonicalJson;
import io.praetor.ports.Principal;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.evidence.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditTrailTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final Principal ADMIN = new Principal("ada", TENANT, Set.of(Role.ADMIN));

    private final SettableClock clock = TestDoubles.clockAt("2026-11-25T12:00:00Z");
    private final InMemoryAdapters adapters = TestDoubles.adapters(clock, LocalKeySigner.generate());
    private final LedgerService ledger = new LedgerService(adapters.ledger(), adapters.transactions(), adapters.signer(), clock);
    private final AuditTrail audit = new AuditTrail(ledger);
    private final EvidenceRecorder recorder = new EvidenceRecorder(adapters.evidence(), ledger);

    @Test
    void kinds_areExactlyTheOnesApiMdLists() {
        assertThat(Arrays.stream(LedgerKind.values()).map(LedgerKind::wireName).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("policy.put", "policy.delete", "exemption.create", "exemption.delete",
                        "inventory.import", "inventory.source.create", "resource.put", "resource.delete", "scan.run",
                        "action.create", "action.approve", "action.run", "action.cancel", "action.rollback",
                        "action.redrive", "action.state", "elevation.request", "elevation.approve",
                        "elevation.reject", "elevation.revoke", "evidence.put");
    }

    /** The request kinds: one entry each, payload = SHA-256 of the RFC 8785 JSON of the body, subject = the thing acted on. */
    @ParameterizedTest
    @CsvSource({
        "policy.put, pol-1",
        "policy.delete, pol-1",
        "exemption.create, ex-1",
        "exemption.delete, ex-1",
        "inventory.import, snapshot-1",
        "inventory.source.create, src-1",
        "resource.put, res-1",
        "resource.delete, res-1",
        "scan.run, scan-1",
        "elevation.request, el-1",
        "elevation.approve, el-1",
        "elevation.reject, el-1",
        "elevation.revoke, el-1",
    })
    void record_writesOneEntryWithTheBodyHash(String kind, String subject) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("z", List.of(1L, 2.5, "é"));
        body.put("a", true);

        LedgerEntry e = audit.record(ADMIN, kind, subject, body);

        byte[] expected = MessageDigest.getInstance("SHA-256")
                .digest("{\"a\":true,\"z\":[1,2.5,\"é\"]}".getBytes(StandardCharsets.UTF_8));
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.subject()).isEqualTo(subject);
        assertThat(e.actor()).isEqualTo("ada");
        assertThat(e.tenant()).isEqualTo(TENANT);
        assertThat(e.payloadSha256()).isEqualTo(HexFormat.of().formatHex(expected));
        assertThat(ledger.size(TENANT)).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({
        "action.create, QUEUED",
        "action.approve, APPROVED",
        "action.run, IN_PROGRESS",
        "action.cancel, CANCELLED",
        "action.rollback, ROLLED_BACK",
        "action.redrive, QUEUED",
        "action.state, PREFLIGHT",
    })
    void actionEntries_anchorTheEventOfTheirTransition(String kind, ActionState state) {
        ActionEvent event = new ActionEvent("act-1", 4, ActionEvent.typeOf(state), state, clock.instant(), "m",
                Map.of("k", "v"));

        LedgerEntry e = audit.recordActionRequest(ADMIN, LedgerKind.fromWire(kind).orElseThrow(), event);

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.subject()).isEqualTo("act-1");
        assertThat(e.payloadSha256()).isEqualTo(CanonicalJson.sha256Hex(Map.of("action_id", "act-1", "seq", 4L,
                "type", "action." + state.wireName(), "state", state.wireName(), "at", "2026-11-25T12:00:00.000Z",
                "message", "m", "data", Map.of("k", "v"))));
    }

    @Test
    void recordTransition_isAnActionStateEntryBySystem() {
        ActionEvent event = new ActionEvent("act-1", 2, "action.preflight", ActionState.PREFLIGHT, clock.instant(), "",
                Map.of());

        LedgerEntry e = audit.recordTransition(Principal.system(TENANT), event);

        assertThat(e.kind()).isEqualTo("action.state");
        assertThat(e.actor()).isEqualTo("system");
        assertThat(e.payloadSha256()).isEqualTo(ActionJson.eventSha256(event));
    }

    @Test
    void record_rejectsKindsApiMdDoesNotList_andActionEventsUnderOtherKinds() {
        assertThatThrownBy(() -> audit.record(ADMIN, "policy.frobnicate", "x", Map.of()))
                .isInstanceOf(PraetorException.class);
        ActionEvent event = new ActionEvent("act-1", 1, "action.queued", ActionState.QUEUED, clock.instant(), "", Map.of());
        assertThatThrownBy(() -> audit.recordActionRequest(ADMIN, LedgerKind.POLICY_PUT, event))
                .isInstanceOf(PraetorException.class);
        assertThat(ledger.size(TENANT)).isZero();
    }

    @Test
    void evidencePut_recordsOneEntryPerBlobWithItsHash() {
        byte[] blob = "before state".getBytes(StandardCharsets.UTF_8);

        EvidenceRecorder.Recorded withAction = recorder.putForAction(ADMIN, "act-7", blob, "text/plain", "before.txt");
        EvidenceRecorder.Recorded alone = recorder.put(ADMIN, "x".getBytes(StandardCharsets.UTF_8), "text/plain", "x.txt",
                Optional.empty());

        assertThat(withAction.ref().sha256()).isEqualTo(MerkleHashes.sha256Hex(blob));
        assertThat(withAction.entry().kind()).isEqualTo("evidence.put");
        assertThat(withAction.entry().payloadSha256()).isEqualTo(withAction.ref().sha256());
        assertThat(withAction.entry().subject()).isEqualTo("act-7");
        assertThat(alone.entry().subject()).isEqualTo(alone.ref().sha256());
        assertThat(recorder.get(TENANT, withAction.ref().sha256())).hasValueSatisfying(b -> assertThat(b).isEqualTo(blob));
        assertThat(recorder.list(TENANT, Optional.of("act-7"))).containsExactly(withAction.ref());
        assertThat(ledger.size(TENANT)).isEqualTo(2);
    }
}
