package io.praetor.adapters.redis;

import io.praetor.ports.coordination.StoredResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire form of a {@link StoredResponse} inside an idempotency record: a version byte, the status,
 * the content type, the headers (sorted) and the body, strings as length-prefixed UTF-8.
 */
final class StoredResponses {
    private static final int VERSION = 1;

    private StoredResponses() {}

    static byte[] encode(StoredResponse response) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(response.status());
            writeString(out, response.contentType());
            Map<String, String> headers = new TreeMap<>(response.headers());
            out.writeInt(headers.size());
            for (Map.Entry<String, String> h : headers.entrySet()) {
                writeString(out, h.getKey());
                writeString(out, h.getValue());
            }
            byte[] body = response.body();
            out.writeInt(body.length);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StoredResponse decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) throw new IllegalStateException("unknown stored response version " + version);
            int status = in.readInt();
            String contentType = readString(in);
            int count = in.readInt();
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) headers.put(readString(in), readString(in));
            byte[] body = in.readNBytes(in.readInt());
            return new StoredResponse(status, contentType, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }
}
