package io.praetor.domain.evidence;

import com.nimbusds.jose.jwk.ECKey;
import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.PraetorException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a ledger export ({@code GET /ledger/export}, see {@link LedgerService#export}) offline,
 * from the file and the public key alone, for {@code praetor ledger verify --file F --public-key K}.
 *
 * <p>The export is NDJSON: one entry per line ({@code {seq, at, tenant, actor, kind, subject,
 * payload_sha256}}, seq 0, 1, 2, …, one tenant), and lines {@code {"tree_head": "<JWS>"}} with
 * signed heads (the service writes one, over exactly the exported entries; a head from
 * {@code GET /ledger/head} may be appended by hand as another such line). The verifier recomputes
 * every leaf hash (RFC 8785 JSON of the entry line, whatever it holds) and the root at each head's
 * size, and checks each head's key id, signature, tenant and root. A log without any head cannot
 * be authenticated and fails. The file is read twice (heads first), so memory stays O(log n).
 *
 * <p>A head proves only its root, so when an entry was changed and the heads no longer match,
 * the first bad seq is the first entry that is structurally wrong (seq out of order, other
 * tenant, unreadable), and otherwise unknown: the problem then says which head's root failed.
 */
public final class LedgerVerifier {
    private LedgerVerifier() {}

    /** A way to open the export again: it is read twice. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    public static LedgerVerification verify(Path export, Map<String, ?> publicJwk) {
        return verify(() -> Files.newInputStream(export), publicJwk);
    }

    public static LedgerVerification verify(byte[] export, Map<String, ?> publicJwk) {
        return verify(() -> new java.io.ByteArrayInputStream(export), publicJwk);
    }

    public static LedgerVerification verify(Source export, Map<String, ?> publicJwk) {
        List<String> problems = new ArrayList<>();
        ECKey key;
        try {
            key = TreeHeadJws.publicKey(publicJwk);
        } catch (PraetorException e) {
            return new LedgerVerification(false, 0, MerkleHashes.hex(MerkleHashes.emptyRoot()), Optional.empty(),
                    List.of("key mismatch: " + e.getMessage()));
        }
        try {
            // Pass 1: the heads, so that pass 2 can compare roots as it streams.
            Map<Long, List<TreeHeadJws.Claims>> heads = new HashMap<>();
            int headCount = 0;
            try (BufferedReader r = reader(export)) {
                String line;
                int lineNo = 0;
                while ((line = r.readLine()) != null) {
                    lineNo++;
                    if (!line.contains("\"tree_head\"")) continue;
                    Object tree;
                    try {
                        tree = JsonTreeReader.read(line);
                    } catch (PraetorException e) {
                        continue; // reported in pass 2
                    }
                    if (tree instanceof Map<?, ?> m && m.get("tree_head") instanceof String jws) {
                        headCount++;
                        TreeHeadJws.Check check = TreeHeadJws.verify(jws, key);
                        int n = lineNo;
                        check.problems().forEach(p -> problems.add("line " + n + ": " + p));
                        if (check.ok()) {
                            TreeHeadJws.Claims c = check.claims().orElseThrow();
                            heads.computeIfAbsent(c.treeSize(), s -> new ArrayList<>()).add(c);
                        }
                    }
                }
            }
            if (headCount == 0) problems.add("the file holds no signed tree head, so the log cannot be authenticated");

            // Pass 2: entries.
            MerkleFrontier frontier = new MerkleFrontier();
            Optional<Long> firstBad = Optional.empty();
            String tenant = null;
            checkHeadsAt(frontier, heads, tenant, problems);
            try (BufferedReader r = reader(export)) {
                String line;
                int lineNo = 0;
                while ((line = r.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    long expected = frontier.size();
                    Object tree;
                    try {
                        tree = JsonTreeReader.read(line);
                    } catch (PraetorException e) {
                        problems.add("line " + lineNo + ": " + e.getMessage());
                        if (firstBad.isEmpty()) firstBad = Optional.of(expected);
                        continue;
                    }
                    if (tree instanceof Map<?, ?> m && m.containsKey("tree_head")) continue;
                    String why = null;
                    if (!(tree instanceof Map<?, ?> entry)) {
                        why = "not an entry object";
                    } else if (!(entry.get("seq") instanceof Long seq) || seq != expected) {
                        why = "seq " + entry.get("seq") + " where " + expected + " was expected";
                    } else if (!(entry.get("tenant") instanceof String t) || (tenant != null && !tenant.equals(t))) {
                        why = "entry seq " + expected + " belongs to another tenant (" + entry.get("tenant") + ")";
                    } else {
                        tenant = t;
                    }
                    if (why != null) {
                        problems.add("line " + lineNo + ": " + why);
                        if (firstBad.isEmpty()) firstBad = Optional.of(expected);
                    }
                    frontier.append(LedgerEntries.leafHashOfTree(tree));
                    checkHeadsAt(frontier, heads, tenant, problems);
                }
            }
            for (long size : heads.keySet()) {
                if (size > frontier.size()) {
                    problems.add("a signed head covers " + size + " entries but the file holds " + frontier.size());
                }
            }
            return new LedgerVerification(problems.isEmpty(), frontier.size(), MerkleHashes.hex(frontier.root()),
                    firstBad, problems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkHeadsAt(MerkleFrontier frontier, Map<Long, List<TreeHeadJws.Claims>> heads, String tenant,
                                     List<String> problems) {
        List<TreeHeadJws.Claims> at = heads.get(frontier.size());
        if (at == null) return;
        String root = MerkleHashes.hex(frontier.root());
        for (TreeHeadJws.Claims c : at) {
            if (!c.rootHash().equals(root)) {
                problems.add("the root over the first " + c.treeSize()
                        + " entries does not match the signed tree head (an entry before seq " + c.treeSize()
                        + " was changed, added or removed)");
            }
            if (tenant != null && !tenant.equals(c.tenant())) {
                problems.add("the signed head of size " + c.treeSize() + " is for tenant " + c.tenant() + ", not " + tenant);
            }
        }
    }

    private static BufferedReader reader(Source source) throws IOException {
        return new BufferedReader(new InputStreamReader(source.open(), StandardCharsets.UTF_8), 1 << 16);
    }
}
