package io.praetor.adapters.memory;

import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.EvidenceStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evidence blobs in memory, by hash per tenant. Storing the same bytes again keeps the first copy;
 * it adds a reference only when it names another action, so each action lists its evidence.
 */
final class InMemoryEvidenceStore implements EvidenceStore {
    private final InstantSource clock;
    private final TenantMaps<Shelf> tenants = new TenantMaps<>(Shelf::new);

    private static final class Shelf {
        final Map<String, byte[]> blobs = new HashMap<>();
        final List<EvidenceRef> refs = new ArrayList<>();
    }

    InMemoryEvidenceStore(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public EvidenceRef put(TenantId tenant, byte[] content, String mediaType, String name, Optional<String> actionId) {
        String sha256 = Sha256.hex(content);
        Shelf shelf = tenants.of(tenant);
        synchronized (shelf) {
            shelf.blobs.putIfAbsent(sha256, content.clone());
            for (EvidenceRef ref : shelf.refs) {
                if (ref.sha256().equals(sha256) && ref.actionId().equals(actionId)) return ref;
            }
            EvidenceRef ref = new EvidenceRef(sha256, mediaType, name, content.length, actionId, clock.instant());
            shelf.refs.add(ref);
            return ref;
        }
    }

    @Override
    public Optional<byte[]> get(TenantId tenant, String sha256) {
        Shelf shelf = tenants.of(tenant);
        synchronized (shelf) {
            return Optional.ofNullable(shelf.blobs.get(sha256)).map(byte[]::clone);
        }
    }

    @Override
    public List<EvidenceRef> list(TenantId tenant, Optional<String> actionId) {
        Shelf shelf = tenants.of(tenant);
        synchronized (shelf) {
            return shelf.refs.stream().filter(r -> actionId.isEmpty() || r.actionId().equals(actionId)).toList();
        }
    }
}
