package io.praetor.adapters.postgres;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page cursors: {@code k:<last id>} for keyset listings, {@code o:<offset>} for sorted ones. */
final class Cursors {
    private Cursors() {}

    static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor, String prefix) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        if (!raw.startsWith(prefix)) throw malformed();
        return raw.substring(prefix.length());
    }

    static int offset(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw malformed();
        }
    }

    private static PraetorException malformed() {
        return new PraetorException(ErrorCode.MALFORMED, "invalid cursor");
    }
}
