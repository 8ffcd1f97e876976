package io.praetor.domain.evidence;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.LedgerStore;
import io.praetor.ports.evidence.Signer;
import io.praetor.ports.evidence.TreeHead;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/** Small private stand-ins for the ports until the in-memory adapters are on main. */
final class TestDoubles {
    private TestDoubles() {}

    static final class Clock implements InstantSource {
        private final AtomicReference<Instant> now;

        Clock(Instant start) {
            now = new AtomicReference<>(start);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }
    }

    static class Ledger implements LedgerStore {
        final Map<TenantId, List<LedgerLeaf>> logs = new HashMap<>();
        final Map<TenantId, TreeHead> heads = new HashMap<>();
        int appendCalls;

        @Override
        public synchronized void append(TenantId tenant, long expectedSize, List<LedgerLeaf> leaves) {
            List<LedgerLeaf> log = logs.computeIfAbsent(tenant, t -> new ArrayList<>());
            if (log.size() != expectedSize) throw new PraetorException(ErrorCode.CONFLICT, "size is " + log.size());
            for (int i = 0; i < leaves.size(); i++) {
                if (leaves.get(i).entry().seq() != expectedSize + i) throw new PraetorException(ErrorCode.CONFLICT, "seq");
            }
            appendCalls++;
            log.addAll(leaves);
        }

        @Override
        public synchronized long size(TenantId tenant) {
            return logs.getOrDefault(tenant, List.of()).size();
        }

        @Override
        public synchronized List<LedgerLeaf> read(TenantId tenant, long from, int limit) {
            List<LedgerLeaf> log = logs.getOrDefault(tenant, List.of());
            int start = (int) Math.min(from, log.size());
            return List.copyOf(log.subList(start, (int) Math.min(log.size(), start + (long) limit)));
        }

        @Override
        public synchronized void putTreeHead(TreeHead head) {
            TreeHead old = heads.get(head.tenant());
            if (old == null || head.treeSize() >= old.treeSize()) heads.put(head.tenant(), head);
        }

        @Override
        public synchronized Optional<TreeHead> latestTreeHead(TenantId tenant) {
            return Optional.ofNullable(heads.get(tenant));
        }

        @Override
        public synchronized List<TenantId> tenants() {
            return List.copyOf(logs.keySet());
        }

        /** What an attacker with database access could do. */
        synchronized void replace(TenantId tenant, int seq, LedgerLeaf leaf) {
            logs.get(tenant).set(seq, leaf);
        }
    }

    static final class Evidence implements EvidenceStore {
        private final Map<String, byte[]> blobs = new HashMap<>();
        private final List<EvidenceRef> refs = new ArrayList<>();
        private final InstantSource clock;

        Evidence(InstantSource clock) {
            this.clock = clock;
        }

        @Override
        public synchronized EvidenceRef put(TenantId tenant, byte[] content, String mediaType, String name,
                                            Optional<String> actionId) {
            String sha = MerkleHashes.sha256Hex(content);
            blobs.putIfAbsent(tenant + "/" + sha, content.clone());
            EvidenceRef ref = new EvidenceRef(sha, mediaType, name, content.length, actionId, clock.instant());
            refs.add(ref);
            return ref;
        }

        @Override
        public synchronized Optional<byte[]> get(TenantId tenant, String sha256) {
            return Optional.ofNullable(blobs.get(tenant + "/" + sha256)).map(byte[]::clone);
        }

        @Override
        public synchronized List<EvidenceRef> list(TenantId tenant, Optional<String> actionId) {
            return refs.stream().filter(r -> actionId.isEmpty() || r.actionId().equals(actionId)).toList();
        }
    }

    static final class Events implements ActionEventStore {
        private final Map<String, TreeMap<Long, ActionEvent>> byAction = new LinkedHashMap<>();

        @Override
        public synchronized void append(TenantId tenant, ActionEvent event) {
            TreeMap<Long, ActionEvent> events = byAction.computeIfAbsent(tenant + "/" + event.actionId(), k -> new TreeMap<>());
            long last = events.isEmpty() ? 0 : events.lastKey();
            if (event.seq() != last + 1) throw new PraetorException(ErrorCode.CONFLICT, "seq");
            events.put(event.seq(), event);
        }

        @Override
        public synchronized List<ActionEvent> read(TenantId tenant, String actionId, long afterSeq, int limit) {
            TreeMap<Long, ActionEvent> events = byAction.getOrDefault(tenant + "/" + actionId, new TreeMap<>());
            return events.tailMap(afterSeq, false).values().stream().limit(limit).toList();
        }
    }

    /** An ES256 key held in memory, signing through the JDK (P1363 format is R ‖ S). */
    static final class EcSigner implements Signer {
        private final KeyPair keys;
        int signatures;

        EcSigner() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                keys = g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String algorithm() {
            return "ES256";
        }

        @Override
        public Map<String, String> publicJwk() {
            ECPublicKey pub = (ECPublicKey) keys.getPublic();
            return Map.of("kty", "EC", "crv", "P-256", "x", b64(pub.getW().getAffineX()), "y", b64(pub.getW().getAffineY()));
        }

        @Override
        public synchronized byte[] sign(byte[] signingInput) {
            try {
                Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
                s.initSign(keys.getPrivate());
                s.update(signingInput);
                signatures++;
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String b64(BigInteger v) {
            byte[] raw = v.toByteArray();
            byte[] fixed = new byte[32];
            if (raw.length > 32) raw = Arrays.copyOfRange(raw, raw.length - 32, raw.length);
            System.arraycopy(raw, 0, fixed, 32 - raw.length, raw.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
        }
    }
}
