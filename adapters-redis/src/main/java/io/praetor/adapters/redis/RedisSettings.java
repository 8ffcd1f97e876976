package io.praetor.adapters.redis;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.net.URI;
import java.util.Objects;

/**
 * Where Redis is and the prefix every key of this deployment starts with ({@code PRAETOR_REDIS_URL},
 * {@code PRAETOR_REDIS_PREFIX}). The url is {@code redis://[[user]:password@]host[:port][/database]}
 * or {@code rediss://…} for TLS.
 */
public record RedisSettings(String url, String prefix) {
    public static final String DEFAULT_PREFIX = "praetor";

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw new PraetorException(ErrorCode.VALIDATION, "PRAETOR_REDIS_PREFIX must be non-empty without spaces");
        }
        address(url); // validates
    }

    public RedisSettings(String url) {
        this(url, DEFAULT_PREFIX);
    }

    /** The parsed url: address for the client ({@code scheme://host:port}) and optional credentials. */
    record Address(String hostAndScheme, String username, String password, int database) {
        @Override
        public String toString() {
            return "Address[" + hostAndScheme + ", database " + database + (password == null ? "" : ", with credentials") + "]";
        }
    }

    Address address() {
        return address(url);
    }

    private static Address address(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw invalid(url, "not a URI");
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) throw invalid(url, "scheme must be redis or rediss");
        if (uri.getHost() == null) throw invalid(url, "no host (a host name may not contain '_')");
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        String username = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            String info = uri.getUserInfo();
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = info;
            } else {
                username = colon == 0 ? null : info.substring(0, colon);
                password = info.substring(colon + 1);
            }
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw invalid(url, "the path must be a database number");
            }
        }
        return new Address(scheme + "://" + uri.getHost() + ":" + port, username, password, database);
    }

    private static PraetorException invalid(String url, String why) {
        // never echo the url: it may hold a password
        return new PraetorException(ErrorCode.VALIDATION, "PRAETOR_REDIS_URL is invalid: " + why
                + " (expected redis://[[user]:password@]host[:port][/database])");
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + address().hostAndScheme() + ", prefix=" + prefix + "]";
    }
}
