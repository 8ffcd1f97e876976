package io.praetor.adapters.redis;

import io.praetor.ports.TenantId;

/**
 * The key layout under the deployment prefix. Components that callers choose are escaped so that
 * {@code ("a:b", "c")} and {@code ("a", "b:c")} never meet, and a lease and its fencing counter
 * share a hash tag (one slot on a Redis Cluster, as a two-key script needs).
 */
final class RedisKeys {
    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    String cache(String key) {
        return prefix + ":cache:" + key;
    }

    String rate(String key) {
        return prefix + ":rate:" + key;
    }

    String idempotency(TenantId tenant, String principal, String key) {
        return prefix + ":idem:" + escape(tenant.value()) + ":" + escape(principal) + ":" + escape(key);
    }

    String lease(TenantId tenant, String name) {
        return lockTag(tenant, name) + ":lease";
    }

    String fence(TenantId tenant, String name) {
        return lockTag(tenant, name) + ":fence";
    }

    private String lockTag(TenantId tenant, String name) {
        return prefix + ":lock:{" + escape(tenant.value()) + ":" + escape(name) + "}";
    }

    static String escape(String component) {
        StringBuilder out = new StringBuilder(component.length());
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case ':' -> out.append("%3A");
                case '{' -> out.append("%7B");
                case '}' -> out.append("%7D");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
