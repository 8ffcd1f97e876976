package io.praetor.domain.decide;

import io.praetor.ports.TenantId;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.finding.Finding;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The finding events of one operation, kept as the findings and each one's event type: its
 * {@link #drafts} make each {@link TenantEvent} when read. A first scan opens half a million findings;
 * as drafts made up front, each was two more objects (the event and its data view) that the scan kept
 * in the event log and every young collection copied (ADR 0044).
 */
final class FindingEvents {
    /** The type of a finding event. */
    enum Type {
        OPENED("finding.opened"),
        RESOLVED("finding.resolved"),
        EXEMPTED("finding.exempted");

        final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }
    }

    private Finding[] findings = new Finding[8];
    private Type[] types = new Type[8];
    private int size;

    void add(Finding finding, Type type) {
        Objects.requireNonNull(finding);
        Objects.requireNonNull(type);
        ensureCapacity(size + 1);
        findings[size] = finding;
        types[size++] = type;
    }

    /** Appends {@code other}'s events after these. */
    void addAll(FindingEvents other) {
        ensureCapacity(size + other.size);
        System.arraycopy(other.findings, 0, findings, size, other.size);
        System.arraycopy(other.types, 0, types, size, other.size);
        size += other.size;
    }

    /** Makes room for {@code capacity} events in all, so merging many does not grow the arrays step by step. */
    void ensureCapacity(int capacity) {
        if (capacity <= findings.length) return;
        int grown = Math.max(capacity, findings.length + (findings.length >> 1));
        findings = Arrays.copyOf(findings, grown);
        types = Arrays.copyOf(types, grown);
    }

    int size() {
        return size;
    }

    /**
     * The events as drafts of {@code tenant} at {@code at}, each made when read. The list does not
     * change: events added here afterwards are not in it (they go past its end, or into new arrays).
     */
    List<TenantEvent> drafts(TenantId tenant, Instant at) {
        return new Drafts(tenant, at, findings, types, size);
    }

    private static final class Drafts extends AbstractList<TenantEvent> implements RandomAccess {
        private final TenantId tenant;
        private final Instant at;
        private final Finding[] findings;
        private final Type[] types;
        private final int size;

        Drafts(TenantId tenant, Instant at, Finding[] findings, Type[] types, int size) {
            this.tenant = tenant;
            this.at = at;
            this.findings = findings;
            this.types = types;
            this.size = size;
        }

        @Override
        public TenantEvent get(int index) {
            Objects.checkIndex(index, size);
            return TenantEvent.draft(tenant, types[index].wireName, at, new FindingEventData(findings[index]));
        }

        @Override
        public int size() {
            return size;
        }
    }
}
