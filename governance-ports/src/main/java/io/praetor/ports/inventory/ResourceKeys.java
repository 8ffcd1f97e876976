package io.praetor.ports.inventory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Native ids contain {@code /}, which a path segment cannot hold, so routes use the key:
 * base64url without padding of the UTF-8 id.
 */
public final class ResourceKeys {
    private ResourceKeys() {}

    public static String keyOf(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    public static String idOf(String key) {
        try {
            return new String(Base64.getUrlDecoder().decode(key), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new PraetorException(ErrorCode.NOT_FOUND, "resource key is not base64url: " + key);
        }
    }
}
