package io.praetor.domain.evidence;

import com.nimbusds.jose.jwk.ECKey;
import io.praetor.ports.PraetorException;
import java.io.IOException;
import java.io.InputStream;
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
            int[] len = new int[1];
            try (InputStream in = export.open()) {
                ExportLines.Reader r = new ExportLines.Reader(in);
                byte[] line;
                int lineNo = 0;
                while ((line = r.next(len)) != null) {
                    lineNo++;
                    if (!contains(line, TREE_HEAD)) continue;
                    ExportLines.Line parsed = ExportLines.parse(line);
                    if (parsed.treeHead() == null) continue;
                    headCount++;
                    TreeHeadJws.Check check = TreeHeadJws.verify(parsed.treeHead(), key);
                    int n = lineNo;
                    check.problems().forEach(p -> problems.add("line " + n + ": " + p));
                    if (check.ok()) {
                        TreeHeadJws.Claims c = check.claims().orElseThrow();
                        heads.computeIfAbsent(c.treeSize(), s -> new ArrayList<>()).add(c);
                    }
                }
            }
            if (headCount == 0) problems.add("the file holds no signed tree head, so the log cannot be authenticated");

            // Pass 2: entries.
            MerkleFrontier frontier = new MerkleFrontier();
            Optional<Long> firstBad = Optional.empty();
            String tenant = null;
            checkHeadsAt(frontier, heads, tenant, problems);
            try (InputStream in = export.open()) {
                ExportLines.Reader r = new ExportLines.Reader(in);
                int lineNo = 0;
                boolean more = true;
                while (more) {
                    // Parsing and hashing lines is independent: do a chunk in parallel, then fold it in order.
                    List<byte[]> chunk = new ArrayList<>(CHUNK);
                    byte[] line;
                    while (chunk.size() < CHUNK && (line = r.next(len)) != null) chunk.add(line);
                    more = chunk.size() == CHUNK;
                    List<ExportLines.Line> parsed = chunk.parallelStream()
                            .map(l -> ExportLines.isBlank(l) ? null : ExportLines.parse(l))
                            .toList();
                    for (ExportLines.Line p : parsed) {
                        lineNo++;
                        if (p == null || p.treeHead() != null) continue;
                        long expected = frontier.size();
                        if (p.leafHash() == null) {
                            problems.add("line " + lineNo + ": " + p.problem());
                            if (firstBad.isEmpty()) firstBad = Optional.of(expected);
                            continue;
                        }
                        String why = null;
                        if (p.problem() != null) {
                            why = p.problem();
                        } else if (p.seq() == null || p.seq() != expected) {
                            why = "seq " + p.seq() + " where " + expected + " was expected";
                        } else if (p.tenant() == null || (tenant != null && !tenant.equals(p.tenant()))) {
                            why = "entry seq " + expected + " belongs to another tenant (" + p.tenant() + ")";
                        } else {
                            tenant = p.tenant();
                        }
                        if (why != null) {
                            problems.add("line " + lineNo + ": " + why);
                            if (firstBad.isEmpty()) firstBad = Optional.of(expected);
                        }
                        frontier.append(p.leafHash());
                        checkHeadsAt(frontier, heads, tenant, problems);
                    }
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

    private static final int CHUNK = 8192;
    private static final byte[] TREE_HEAD = "\"tree_head\"".getBytes(StandardCharsets.US_ASCII);

    private static boolean contains(byte[] line, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= line.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (line[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }
}
