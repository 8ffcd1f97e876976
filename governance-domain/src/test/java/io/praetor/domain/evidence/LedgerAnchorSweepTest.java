package io.praetor.domain.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.LocalKeySigner;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.domain.evidence.audit.LedgerAnchorSweep;
import io.praetor.domain.json.ActionJson;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.evidence.LedgerEntry;
import io.praetor.ports.evidence.LedgerLeaf;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ADR 0032: the ledger entry of an action transition is written after the transition commits; a
 * crash in between (or a failing ledger) leaves the event unanchored, and the sweep writes the
 * missing entry once the grace has passed — never a second one for an event whose entry was
 * written but not yet marked.
 */
class LedgerAnchorSweepTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final Principal ALICE = new Principal("alice", TENANT, Set.of(Role.OPERATOR));

    private final SettableClock clock = TestDoubles.clockAt("2026-11-25T09:00:00Z");
    private final LocalKeySigner signer = LocalKeySigner.generate();
    private final InMemoryAdapters adapters = TestDoubles.adapters(clock, signer);
    private final ActionEventStore events = adapters.actionEvents();
    private final LedgerService ledger = new LedgerService(adapters.ledger(), TestDoubles.PASS_THROUGH, signer, clock);
    private final AuditTrail audit = new AuditTrail(ledger);
    private final LedgerAnchorSweep sweep = new LedgerAnchorSweep(events, adapters.ledger(), audit, clock);

    @Test
    void anEventWhoseEntryWasLost_getsItAfterTheGrace_andOnlyThat() {
        audit.record(ALICE, LedgerKind.POLICY_PUT, "pol-1", Map.of("id", "pol-1"));
        ActionEvent created = append(1, ActionState.QUEUED);
        audit.recordActionRequest(ALICE, LedgerKind.ACTION_CREATE, created);
        events.markAnchored(TENANT, "act-1", 1);                       // the whole normal path
        ActionEvent preflight = append(2, ActionState.PREFLIGHT);
        audit.recordTransition(Principal.system(TENANT), preflight);   // written, then the process died
        ActionEvent planned = append(3, ActionState.PLANNED);          // committed, then the process died
        clock.advance(Duration.ofMillis(10));
        events.append(TENANT, new ActionEvent("act-1", 4, ActionEvent.PROGRESS, ActionState.PLANNED, clock.instant(),
                "half way", Map.of()));                                // progress: never anchored

        assertThat(sweep.sweep()).as("within the grace the normal path may still be writing").isZero();
        assertThat(events.unanchored(clock.instant().plusSeconds(1), 10)).hasSize(2);

        clock.advance(Duration.ofSeconds(31));
        assertThat(sweep.sweep()).isEqualTo(1);

        assertThat(events.unanchored(clock.instant().plusSeconds(1), 10)).isEmpty();
        List<LedgerEntry> entries = adapters.ledger().read(TENANT, 0, 100).stream().map(LedgerLeaf::entry).toList();
        for (ActionEvent e : List.of(created, preflight, planned)) {
            assertThat(entries).as("entries anchoring event %d", e.seq())
                    .filteredOn(x -> x.subject().equals("act-1") && x.payloadSha256().equals(ActionJson.eventSha256(e)))
                    .hasSize(1);
        }
        LedgerEntry recovered = entries.getLast();
        assertThat(recovered.kind()).isEqualTo("action.state");
        assertThat(recovered.actor()).isEqualTo("system");
        assertThat(recovered.payloadSha256()).isEqualTo(ActionJson.eventSha256(planned));
        assertThat(ledger.verify(TENANT).ok()).isTrue();

        clock.advance(Duration.ofSeconds(31));
        assertThat(sweep.sweep()).as("nothing left").isZero();
        assertThat(adapters.ledger().size(TENANT)).isEqualTo(entries.size());
    }

    private ActionEvent append(long seq, ActionState state) {
        clock.advance(Duration.ofMillis(10));
        Instant at = clock.instant();
        ActionEvent e = new ActionEvent("act-1", seq, ActionEvent.typeOf(state), state, at, state.wireName(), Map.of());
        events.append(TENANT, e);
        return e;
    }
}
