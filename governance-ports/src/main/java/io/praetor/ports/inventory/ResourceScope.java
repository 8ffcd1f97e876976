package io.praetor.ports.inventory;

import java.util.Objects;
import java.util.Set;

/**
 * The scope a full snapshot covers: resources of this source, provider, account and region whose
 * type is one of {@code types} and that are absent from the snapshot are deleted.
 */
public record ResourceScope(String source, String provider, String account, String region, Set<String> types) {
    public ResourceScope {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        types = Set.copyOf(types);
    }

    public boolean covers(Resource r) {
        return r.source().equals(source) && r.provider().equals(provider) && r.account().equals(account)
                && r.region().equals(region) && types.contains(r.type());
    }
}
