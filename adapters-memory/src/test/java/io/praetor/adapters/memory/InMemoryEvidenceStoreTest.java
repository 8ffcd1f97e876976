package io.praetor.adapters.memory;

import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.testkit.EvidenceStoreContract;
import java.time.InstantSource;

class InMemoryEvidenceStoreTest extends EvidenceStoreContract {
    @Override
    protected EvidenceStore newStore(InstantSource clock) {
        return new InMemoryEvidenceStore(clock);
    }
}
