package io.praetor.domain.evidence;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.LocalKeySigner;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.LedgerStore;
import io.praetor.ports.evidence.Signer;
import io.praetor.ports.evidence.TreeHead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Thin wrappers over the in-memory adapters that count calls or play an attacker with database access. */
final class TestDoubles {
    private TestDoubles() {}

    static SettableClock clockAt(String instant) {
        return new SettableClock(java.time.Instant.parse(instant));
    }

    static InMemoryAdapters adapters(SettableClock clock, Signer signer) {
        return InMemoryAdapters.builder(clock).signer(signer).build();
    }

    /** A ledger store that counts appends and can return edited leaves, as if rows were changed in place. */
    /** Transactions that open none: each store call stands alone (as the memory stores need no more). */
    static final io.praetor.ports.Transactions PASS_THROUGH = new io.praetor.ports.Transactions() {
        @Override
        public <T> T inTransaction(java.util.function.Supplier<T> work) {
            return work.get();
        }

        @Override
        public void afterCommit(Runnable action) {
            action.run();
        }
    };

    static class Ledger implements LedgerStore {
        private final LedgerStore real;
        private final Map<String, LedgerLeaf> edits = new HashMap<>();
        final AtomicInteger appendCalls = new AtomicInteger();
        final AtomicInteger sizeCalls = new AtomicInteger();
        final AtomicInteger readCalls = new AtomicInteger();

        Ledger(LedgerStore real) {
            this.real = real;
        }

        @Override
        public void append(TenantId tenant, long expectedSize, List<LedgerLeaf> leaves) {
            real.append(tenant, expectedSize, leaves);
            appendCalls.incrementAndGet();
        }

        @Override
        public long size(TenantId tenant) {
            sizeCalls.incrementAndGet();
            return real.size(tenant);
        }

        @Override
        public synchronized List<LedgerLeaf> read(TenantId tenant, long from, int limit) {
            readCalls.incrementAndGet();
            List<LedgerLeaf> out = new ArrayList<>(real.read(tenant, from, limit));
            for (int i = 0; i < out.size(); i++) {
                LedgerLeaf edited = edits.get(tenant + "/" + out.get(i).entry().seq());
                if (edited != null) out.set(i, edited);
            }
            return out;
        }

        @Override
        public void putTreeHead(TreeHead head) {
            real.putTreeHead(head);
        }

        @Override
        public Optional<TreeHead> latestTreeHead(TenantId tenant) {
            return real.latestTreeHead(tenant);
        }

        @Override
        public List<TenantId> tenants() {
            return real.tenants();
        }

        synchronized void replace(TenantId tenant, long seq, LedgerLeaf leaf) {
            edits.put(tenant + "/" + seq, leaf);
        }
    }

    /** A signer that counts its signatures. */
    static final class CountingSigner implements Signer {
        private final Signer real;
        final AtomicInteger signatures = new AtomicInteger();

        CountingSigner(Signer real) {
            this.real = real;
        }

        CountingSigner() {
            this(LocalKeySigner.generate());
        }

        @Override
        public String algorithm() {
            return real.algorithm();
        }

        @Override
        public Map<String, String> publicJwk() {
            return real.publicJwk();
        }

        @Override
        public byte[] sign(byte[] signingInput) {
            signatures.incrementAndGet();
            return real.sign(signingInput);
        }
    }
}
