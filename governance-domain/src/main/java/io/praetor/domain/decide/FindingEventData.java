package io.praetor.domain.decide;

import io.praetor.ports.finding.Finding;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The data of a finding event ({@code finding.opened}, {@code .resolved}, {@code .exempted}):
 * {@code finding_id, policy_id, resource_id, resource_key, resource_type, severity, risk_score, status,
 * message} and, for an exempted finding, {@code exemption_id}, in this order. A read-only view of the
 * (immutable) finding rather than a copy of its fields: a first scan keeps half a million of these
 * in its event log.
 */
final class FindingEventData extends AbstractMap<String, Object> {
    private static final List<String> KEYS = List.of("finding_id", "policy_id", "resource_id", "resource_key",
            "resource_type", "severity", "risk_score", "status", "message", "exemption_id");

    private final Finding finding;

    FindingEventData(Finding finding) {
        this.finding = finding;
    }

    @Override
    public int size() {
        return finding.exemptionId().isPresent() ? KEYS.size() : KEYS.size() - 1;
    }

    @Override
    public boolean containsKey(Object key) {
        int i = KEYS.indexOf(key);
        return i >= 0 && i < size();
    }

    @Override
    public Object get(Object key) {
        int i = KEYS.indexOf(key);
        return i >= 0 && i < size() ? valueAt(i) : null;
    }

    private Object valueAt(int i) {
        Finding f = finding;
        return switch (i) {
            case 0 -> f.id();
            case 1 -> f.policyId();
            case 2 -> f.resourceId();
            case 3 -> f.resourceKey();
            case 4 -> f.resourceType();
            case 5 -> f.severity().wireName();
            case 6 -> f.riskScore();
            case 7 -> f.status().wireName();
            case 8 -> f.message();
            case 9 -> f.exemptionId().orElseThrow();
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return FindingEventData.this.size();
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private final int n = size();
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < n;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= n) throw new NoSuchElementException();
                        int i = next++;
                        return new SimpleImmutableEntry<>(KEYS.get(i), valueAt(i));
                    }
                };
            }
        };
    }
}
