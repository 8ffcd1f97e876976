package io.praetor.domain.evidence.audit;

import io.praetor.domain.evidence.AuditTrail;
import io.praetor.domain.json.ActionJson;
import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.action.ActionEventStore.Unanchored;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.LedgerStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the ledger entries that a crash lost (ADR 0032). An action's transition commits first and
 * its ledger entry is written right after; an event still unanchored after {@link #GRACE} lost its
 * entry (the process died in between, or the ledger failed). The sweep looks for the entry in the
 * tenant's ledger since the event — it may have been written just before the crash, before the
 * event was marked — and writes it as {@code action.state} by {@code system} only when it is not
 * there, then marks the event anchored. A request-made transition recovered this way names
 * {@code system}, not the person: the request's own record was what was lost.
 *
 * <p>Run by the housekeeping thread; on two instances at once a recovered event may get two
 * entries, which a verifier reads as the same event anchored twice (nothing is lost).
 */
public final class LedgerAnchorSweep {
    /** Far longer than the moment between a commit and its ledger entry. */
    static final Duration GRACE = Duration.ofSeconds(30);
    /** The ledger's clock and the action's may differ a little: look this much before the event. */
    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final int BATCH = 200;
    private static final int PAGE = 1_000;

    private final ActionEventStore events;
    private final LedgerStore ledger;
    private final AuditTrail audit;
    private final InstantSource clock;

    public LedgerAnchorSweep(ActionEventStore events, LedgerStore ledger, AuditTrail audit, InstantSource clock) {
        this.events = Objects.requireNonNull(events);
        this.ledger = Objects.requireNonNull(ledger);
        this.audit = Objects.requireNonNull(audit);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Anchors what has waited longer than the grace; returns how many entries it wrote. */
    public int sweep() {
        List<Unanchored> due = events.unanchored(clock.instant().minus(GRACE), BATCH);
        if (due.isEmpty()) return 0;
        Map<TenantId, Instant> oldest = new LinkedHashMap<>();
        for (Unanchored u : due) oldest.merge(u.tenant(), u.event().at(), (a, b) -> a.isBefore(b) ? a : b);
        int written = 0;
        for (Map.Entry<TenantId, Instant> tenant : oldest.entrySet()) {
            Set<String> anchored = anchoredSince(tenant.getKey(), tenant.getValue().minus(SKEW));
            for (Unanchored u : due) {
                if (!u.tenant().equals(tenant.getKey())) continue;
                if (!anchored.contains(key(u.event().actionId(), ActionJson.eventSha256(u.event())))) {
                    audit.recordTransition(Principal.system(u.tenant()), u.event());
                    written++;
                }
                events.markAnchored(u.tenant(), u.event().actionId(), u.event().seq());
            }
        }
        return written;
    }

    /** (subject, payload hash) of the tenant's entries written at or after {@code from}. */
    private Set<String> anchoredSince(TenantId tenant, Instant from) {
        long size = ledger.size(tenant);
        // entries are appended in time order: the first one at or after from, by bisection
        long lo = 0;
        long hi = size;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            List<LedgerLeaf> leaf = ledger.read(tenant, mid, 1);
            if (leaf.isEmpty() || !leaf.getFirst().entry().at().isBefore(from)) hi = mid;
            else lo = mid + 1;
        }
        Set<String> seen = new HashSet<>();
        for (long seq = lo; seq < size; seq += PAGE) {
            for (LedgerLeaf leaf : ledger.read(tenant, seq, PAGE)) {
                seen.add(key(leaf.entry().subject(), leaf.entry().payloadSha256()));
            }
        }
        return seen;
    }

    private static String key(String subject, String payloadSha256) {
        return subject + "\n" + payloadSha256;
    }
}
