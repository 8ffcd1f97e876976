package io.praetor.domain.evidence;

import io.praetor.domain.json.Rfc3339;
import io.praetor.domain.json.CanonicalJson;
import io.praetor.ports.evidence.LedgerEntry;
import io.praetor.ports.evidence.LedgerLeaf;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire form of ledger entries, {@code {seq, at, tenant, actor, kind, subject, payload_sha256}},
 * and their leaf hashes: SHA-256(0x00 ‖ RFC 8785 JSON of that object). Thread-safe.
 */
public final class LedgerEntries {
    private LedgerEntries() {}

    public static Map<String, Object> toTree(LedgerEntry e) {
        Map<String, Object> m = new LinkedHashMap<>(12);
        m.put("seq", e.seq());
        m.put("at", Rfc3339.millis(e.at()));
        m.put("tenant", e.tenant().value());
        m.put("actor", e.actor());
        m.put("kind", e.kind());
        m.put("subject", e.subject());
        m.put("payload_sha256", e.payloadSha256());
        return m;
    }

    /** The same bytes as {@code CanonicalJson.toBytes(toTree(e))}, written without building the map. */
    public static byte[] canonicalBytes(LedgerEntry e) {
        return CanonicalJson.object()
                .string("actor", e.actor())
                .string("at", Rfc3339.millis(e.at()))
                .string("kind", e.kind())
                .string("payload_sha256", e.payloadSha256())
                .number("seq", e.seq())
                .string("subject", e.subject())
                .string("tenant", e.tenant().value())
                .toBytes();
    }

    public static byte[] leafHash(LedgerEntry e) {
        return MerkleHashes.leafHash(canonicalBytes(e));
    }

    /** The leaf hash of an entry as found in a file: whatever object is there is what gets hashed. */
    public static byte[] leafHashOfTree(Object entryTree) {
        return MerkleHashes.leafHash(CanonicalJson.toBytes(entryTree));
    }

    public static LedgerLeaf leaf(LedgerEntry e) {
        return new LedgerLeaf(e, MerkleHashes.hex(leafHash(e)));
    }
}
