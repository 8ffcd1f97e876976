package io.praetor.domain.evidence;

import com.nimbusds.jose.jwk.ECKey;
import io.praetor.domain.json.CanonicalJson;
import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.PraetorException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks an evidence bundle (see {@link BundleWriter}) from its bytes alone, with no server:
 * <ol>
 *   <li>the public key is an EC P-256 key (and the trusted one, when one is given) and the tree
 *       head names it ({@code kid}) and verifies with it;</li>
 *   <li>every {@code ledger.ndjson} entry hashes to its {@code leaf_hash}, and its inclusion proof
 *       leads to the signed root at the signed size;</li>
 *   <li>every blob hashes to its name, is listed in the manifest and has a proven
 *       {@code evidence.put} entry; every listed blob is present;</li>
 *   <li>every state event ({@code action.<state>}) is recorded by a proven action entry (its
 *       {@code payload_sha256} is the event's hash), every proven action entry's event is present,
 *       and events are contiguous from seq 1. {@code action.progress} events are not recorded in
 *       the ledger and so are not proven.</li>
 * </ol>
 * Each problem names the file, line or blob and what does not match ("changed blob", "changed
 * entry", "changed event", "bad inclusion proof", "bad signature", "key mismatch"). When the tree
 * head cannot be trusted, nothing can be proven and only the head's problems (and plain hash
 * mismatches) are reported. Stateless.
 */
public final class BundleVerifier {
    private static final long MAX_UNZIPPED_BYTES = 1L << 30;
    private static final int MAX_FILES = 100_000;
    private static final Set<String> REQUIRED = Set.of("manifest.json", "events.ndjson", "ledger.ndjson",
            "tree-head.jws", "public-key.jwk.json");

    private BundleVerifier() {}

    public static BundleVerification verify(byte[] zip) {
        return verify(zip, Optional.empty());
    }

    /** With {@code trustedKey}, the bundle's key must also be that key (else anyone could re-sign a forged bundle). */
    public static BundleVerification verify(byte[] zip, Optional<Map<String, ?>> trustedKey) {
        List<String> problems = new ArrayList<>();
        Map<String, byte[]> files = unzip(zip, problems);
        if (files == null) return BundleVerification.of(problems);
        for (String name : REQUIRED) {
            if (!files.containsKey(name)) problems.add("missing " + name);
        }
        for (String name : files.keySet()) {
            if (!REQUIRED.contains(name) && !(name.startsWith("blobs/") && MerkleHashes.isHash(name.substring(6)))) {
                problems.add("unexpected file " + name);
            }
        }

        // Manifest.
        String actionId = null;
        Map<String, Object> listed = new LinkedHashMap<>();
        if (files.containsKey("manifest.json")) {
            try {
                Map<String, Object> manifest = JsonTreeReader.readObject(files.get("manifest.json"));
                if (manifest.get("action_id") instanceof String id) actionId = id;
                else problems.add("manifest.json: no action_id");
                if (manifest.get("action") instanceof Map<?, ?> action && actionId != null
                        && !actionId.equals(action.get("id"))) {
                    problems.add("manifest.json: action.id is not action_id");
                }
                if (manifest.get("evidence") instanceof List<?> ev) {
                    for (Object item : ev) {
                        if (item instanceof Map<?, ?> m && m.get("sha256") instanceof String sha) listed.put(sha, m);
                        else problems.add("manifest.json: evidence item without sha256");
                    }
                } else {
                    problems.add("manifest.json: no evidence list");
                }
            } catch (PraetorException e) {
                problems.add("manifest.json: " + e.getMessage());
            }
        }

        // Key and head.
        ECKey key = null;
        if (files.containsKey("public-key.jwk.json")) {
            try {
                key = TreeHeadJws.publicKey(JsonTreeReader.readObject(files.get("public-key.jwk.json")));
            } catch (PraetorException e) {
                problems.add("public-key.jwk.json: key mismatch: not a usable EC P-256 public key: " + e.getMessage());
            }
        }
        if (key != null && trustedKey.isPresent()) {
            String trusted = TreeHeadJws.thumbprint(TreeHeadJws.publicKey(trustedKey.get()));
            if (!trusted.equals(TreeHeadJws.thumbprint(key))) {
                problems.add("public-key.jwk.json: key mismatch: the bundle's key is not the trusted key " + trusted);
            }
        }
        Optional<TreeHeadJws.Claims> head = Optional.empty();
        if (key != null && files.containsKey("tree-head.jws")) {
            TreeHeadJws.Check check = TreeHeadJws.verify(new String(files.get("tree-head.jws"), StandardCharsets.US_ASCII), key);
            check.problems().forEach(p -> problems.add("tree-head.jws: " + p));
            if (check.ok()) head = check.claims();
        }

        // Ledger entries: hash, proof, relevance.
        Map<String, Long> provenBlobs = new HashMap<>();
        Map<String, Long> provenEvents = new LinkedHashMap<>();
        if (files.containsKey("ledger.ndjson")) {
            int lineNo = 0;
            for (String line : lines(files.get("ledger.ndjson"))) {
                lineNo++;
                if (line.isBlank()) continue;
                String where = "ledger.ndjson line " + lineNo + ": ";
                try {
                    checkLedgerLine(where, JsonTreeReader.read(line), head, actionId, listed.keySet(), provenBlobs,
                            provenEvents, problems);
                } catch (PraetorException e) {
                    problems.add(where + "changed entry: " + e.getMessage());
                }
            }
        }

        // Blobs.
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().startsWith("blobs/")) continue;
            String name = f.getKey().substring(6);
            String actual = MerkleHashes.sha256Hex(f.getValue());
            if (!actual.equals(name)) {
                problems.add(f.getKey() + ": changed blob: its content hashes to " + actual);
            }
            if (!listed.containsKey(name)) problems.add(f.getKey() + ": blob not listed in manifest.json");
            if (head.isPresent() && !provenBlobs.containsKey(name)) problems.add(f.getKey() + ": blob has no proven evidence.put entry");
        }
        for (String sha : listed.keySet()) {
            if (!files.containsKey("blobs/" + sha)) problems.add("manifest.json: missing blob " + sha);
        }
        for (Map.Entry<String, Long> proven : provenBlobs.entrySet()) {
            if (!files.containsKey("blobs/" + proven.getKey()) && !listed.containsKey(proven.getKey())) {
                problems.add("blobs/" + proven.getKey() + ": missing blob recorded by ledger entry seq " + proven.getValue());
            }
        }

        // Events.
        if (files.containsKey("events.ndjson")) {
            Set<String> seen = new HashSet<>();
            long expectedSeq = 1;
            int lineNo = 0;
            for (String line : lines(files.get("events.ndjson"))) {
                lineNo++;
                if (line.isBlank()) continue;
                String where = "events.ndjson line " + lineNo + ": ";
                Object tree;
                try {
                    tree = JsonTreeReader.read(line);
                } catch (PraetorException e) {
                    problems.add(where + "changed event: " + e.getMessage());
                    continue;
                }
                if (!(tree instanceof Map<?, ?> event)) {
                    problems.add(where + "changed event: not a JSON object");
                    continue;
                }
                Object seq = event.get("seq");
                if (!(seq instanceof Long s) || s != expectedSeq) {
                    problems.add(where + "changed event: seq " + seq + " where " + expectedSeq + " was expected");
                }
                expectedSeq++;
                if (actionId != null && !actionId.equals(event.get("action_id"))) {
                    problems.add(where + "changed event: action_id is not " + actionId);
                }
                String hash = CanonicalJson.sha256Hex(event);
                seen.add(hash);
                boolean progress = "action.progress".equals(event.get("type"));
                if (!progress && head.isPresent() && !provenEvents.containsKey(hash)) {
                    problems.add(where + "changed event seq " + seq + ": no proven ledger entry records it");
                }
            }
            for (Map.Entry<String, Long> e : provenEvents.entrySet()) {
                if (!seen.contains(e.getKey())) {
                    problems.add("events.ndjson: missing the event recorded by ledger entry seq " + e.getValue());
                }
            }
        }
        return BundleVerification.of(problems);
    }

    private static void checkLedgerLine(String where, Object tree, Optional<TreeHeadJws.Claims> head, String actionId,
                                        Set<String> listedBlobs, Map<String, Long> provenBlobs,
                                        Map<String, Long> provenEvents, List<String> problems) {
        if (!(tree instanceof Map<?, ?> line) || !(line.get("entry") instanceof Map<?, ?> entry)) {
            problems.add(where + "changed entry: not {entry, leaf_hash, proof}");
            return;
        }
        Object seqValue = entry.get("seq");
        if (!(seqValue instanceof Long seq) || seq < 0) {
            problems.add(where + "changed entry: no valid seq");
            return;
        }
        byte[] computed = LedgerEntries.leafHashOfTree(entry);
        if (!MerkleHashes.hex(computed).equals(line.get("leaf_hash"))) {
            problems.add(where + "changed entry seq " + seq + ": it does not hash to its leaf_hash");
            return;
        }
        if (head.isEmpty()) return; // the head's own problems are already reported
        TreeHeadJws.Claims h = head.get();
        if (!(line.get("proof") instanceof Map<?, ?> proof) || !(proof.get("tree_size") instanceof Long size)
                || !(proof.get("path") instanceof List<?> path)) {
            problems.add(where + "bad inclusion proof for seq " + seq + ": no {tree_size, path}");
            return;
        }
        if (size != h.treeSize()) {
            problems.add(where + "bad inclusion proof for seq " + seq + ": for tree size " + size
                    + ", the head covers " + h.treeSize());
            return;
        }
        List<byte[]> hashes = new ArrayList<>();
        for (Object p : path) {
            if (!(p instanceof String s) || !MerkleHashes.isHash(s)) {
                problems.add(where + "bad inclusion proof for seq " + seq + ": path holds a non-hash");
                return;
            }
            hashes.add(MerkleHashes.fromHex(s));
        }
        if (!MerkleProofs.verifyInclusion(seq, size, computed, hashes, MerkleHashes.fromHex(h.rootHash()))) {
            problems.add(where + "bad inclusion proof for seq " + seq + ": it does not lead to the signed root");
            return;
        }
        if (!h.tenant().equals(entry.get("tenant"))) {
            problems.add(where + "entry seq " + seq + " belongs to tenant " + entry.get("tenant") + ", not " + h.tenant());
        }
        Object kind = entry.get("kind");
        Object payload = entry.get("payload_sha256");
        boolean aboutAction = actionId != null && actionId.equals(entry.get("subject"));
        boolean evidencePut = LedgerKind.EVIDENCE_PUT.wireName().equals(kind) && payload instanceof String;
        if (evidencePut && (aboutAction || listedBlobs.contains(payload))) {
            provenBlobs.put((String) payload, seq);
        } else if (aboutAction && kind instanceof String k && payload instanceof String p
                && LedgerKind.fromWire(k).map(LedgerKind::isAboutAnActionEvent).orElse(false)) {
            provenEvents.put(p, seq);
        } else if (!aboutAction) {
            problems.add(where + "entry seq " + seq + " is not about action " + actionId);
        }
    }

    private static Map<String, byte[]> unzip(byte[] zip, List<String> problems) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isDirectory()) continue;
                if (files.size() >= MAX_FILES) {
                    problems.add("the bundle has more than " + MAX_FILES + " files");
                    return null;
                }
                byte[] content = readLimited(in, MAX_UNZIPPED_BYTES - total);
                if (content == null) {
                    problems.add("the bundle unpacks to more than " + MAX_UNZIPPED_BYTES + " bytes");
                    return null;
                }
                total += content.length;
                if (files.put(e.getName(), content) != null) problems.add("duplicate file " + e.getName());
            }
        } catch (IOException | IllegalArgumentException ex) {
            problems.add("the bundle is not a readable zip: " + ex.getMessage());
            return null;
        }
        if (files.isEmpty()) {
            problems.add("the bundle is not a readable zip: no files");
            return null;
        }
        return files;
    }

    private static byte[] readLimited(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        long total = 0;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limit) return null;
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static List<String> lines(byte[] ndjson) {
        String text = new String(ndjson, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.getLast().isEmpty()) out.removeLast();
        return out;
    }
}
