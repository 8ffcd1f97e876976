package io.praetor.domain.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.ports.inventory.Resource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content hash that tells a real change from a re-import: hex SHA-256 of the compact JSON of
 * {@code [id, type, name, region, account, tags, properties]} with every object's keys sorted, so
 * that a source listing the same keys in another order is not a change. Version, source and
 * observed time are left out (see {@link Resource#contentHash()}). Thread-safe.
 */
public final class ContentHasher {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private ContentHasher() {}

    public static String hash(Resource r) {
        MessageDigest digest = sha256();
        try (JsonGenerator g = FACTORY.createGenerator(new DigestSink(digest))) {
            g.writeStartArray();
            g.writeString(r.id());
            g.writeString(r.type());
            g.writeString(r.name());
            g.writeString(r.region());
            g.writeString(r.account());
            JsonTreeWriter.write(g, new TreeMap<String, Object>(r.tags()), true);
            JsonTreeWriter.write(g, r.properties(), true);
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The resource with its content hash set. */
    public static Resource hashed(Resource r) {
        return r.withContentHash(hash(r));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** Feeds the generator's bytes straight into the digest. */
    private static final class DigestSink extends OutputStream {
        private final MessageDigest digest;

        DigestSink(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }

}
