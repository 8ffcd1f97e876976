package io.praetor.domain.evidence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.praetor.domain.json.CanonicalJson;
import io.praetor.domain.json.JsonTreeReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads a ledger export line by line as bytes and turns an entry line into its leaf hash. An entry
 * with exactly the seven fields of the format is parsed field by field and re-serialised through
 * {@link CanonicalJson#object()} (no map, no sorting); anything else goes through the general
 * reader and {@link CanonicalJson}, so the hash is always that of the RFC 8785 form.
 */
final class ExportLines {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ExportLines() {}

    /** One parsed line: either a head ({@code treeHead} set) or an entry, or a syntax problem. */
    record Line(String treeHead, Long seq, String tenant, byte[] leafHash, String problem) {}

    /** Lines of a stream as byte slices, without decoding to strings. */
    static final class Reader {
        private final InputStream in;
        private byte[] buf = new byte[1 << 16];
        private int start;
        private int end;
        private boolean eof;

        Reader(InputStream in) {
            this.in = in;
        }

        /** The next line (without its newline) in {@code out[0..len)}; null at the end. */
        byte[] next(int[] len) throws IOException {
            while (true) {
                for (int i = start; i < end; i++) {
                    if (buf[i] == '\n') {
                        byte[] line = Arrays.copyOfRange(buf, start, i);
                        start = i + 1;
                        len[0] = line.length;
                        return line;
                    }
                }
                if (eof) {
                    if (start == end) return null;
                    byte[] line = Arrays.copyOfRange(buf, start, end);
                    start = end;
                    len[0] = line.length;
                    return line;
                }
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) eof = true;
                else end += n;
            }
        }
    }

    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') return false;
        }
        return true;
    }

    static Line parse(byte[] line) {
        Line fast = parseFlatEntry(line);
        if (fast != null) return fast;
        Object tree;
        try {
            tree = JsonTreeReader.read(line);
        } catch (RuntimeException e) {
            return new Line(null, null, null, null, e.getMessage());
        }
        if (tree instanceof Map<?, ?> m && m.size() == 1 && m.get("tree_head") instanceof String jws) {
            return new Line(jws, null, null, null, null);
        }
        byte[] leaf;
        try {
            leaf = LedgerEntries.leafHashOfTree(tree);
        } catch (RuntimeException e) {
            return new Line(null, null, null, null, e.getMessage());
        }
        // 2.0 and 2 are the same JSON number (and the same canonical text).
        Long seq = null;
        if (tree instanceof Map<?, ?> m && m.get("seq") instanceof Long s) seq = s;
        if (tree instanceof Map<?, ?> m && m.get("seq") instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            seq = d.longValue();
        }
        String tenant = tree instanceof Map<?, ?> m && m.get("tenant") instanceof String t ? t : null;
        return new Line(null, seq, tenant, leaf, tree instanceof Map<?, ?> ? null : "not an entry object");
    }

    /** The common case; null when the line is anything but a flat object of the seven entry fields. */
    private static Line parseFlatEntry(byte[] line) {
        String actor = null, at = null, kind = null, payload = null, subject = null, tenant = null;
        long seq = -1;
        boolean seqSeen = false;
        int fields = 0;
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                fields++;
                if (name.equals("seq")) {
                    if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || seqSeen) {
                        return null;
                    }
                    seq = p.getLongValue();
                    seqSeen = true;
                    continue;
                }
                if (v != JsonToken.VALUE_STRING) return null;
                String value = p.getText();
                switch (name) {
                    case "actor" -> { if (actor != null) return null; actor = value; }
                    case "at" -> { if (at != null) return null; at = value; }
                    case "kind" -> { if (kind != null) return null; kind = value; }
                    case "payload_sha256" -> { if (payload != null) return null; payload = value; }
                    case "subject" -> { if (subject != null) return null; subject = value; }
                    case "tenant" -> { if (tenant != null) return null; tenant = value; }
                    default -> { return null; }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || fields != 7 || !seqSeen) return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
        byte[] canonical;
        try {
            canonical = CanonicalJson.object().string("actor", actor).string("at", at).string("kind", kind)
                    .string("payload_sha256", payload).number("seq", seq).string("subject", subject)
                    .string("tenant", tenant).toBytes();
        } catch (RuntimeException e) {
            return null;
        }
        return new Line(null, seq, tenant, MerkleHashes.leafHash(canonical), null);
    }
}
