package io.praetor.ports.inventory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One normalised cloud resource, as API.md's normalisation table defines it.
 *
 * <p>{@code properties} is a JSON tree: {@code Map<String,Object>} (keys in source order),
 * {@code List<Object>}, {@code String}, {@code Long} for JSON integers, {@code Double} for other
 * numbers, {@code Boolean}, and Java {@code null} for JSON {@code null} — the one place a null may
 * appear, because the key's presence is meaningful to policies. Callers must pass an already
 * immutable tree (see {@link JsonTrees#freeze}); the record does not copy it.
 *
 * @param version increases by one with each stored change; 0 for a resource not stored yet
 * @param contentHash hex SHA-256 of the normalised content (everything but version, observed time
 *     and source), used to tell a real change from a re-import; "" before it is computed
 */
public record Resource(
        String id,
        String key,
        String provider,
        String type,
        String name,
        String region,
        String account,
        Map<String, String> tags,
        Map<String, Object> properties,
        String source,
        Instant observedAt,
        long version,
        String contentHash) {

    public Resource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(contentHash, "contentHash");
        if (id.isEmpty()) {
            throw new PraetorException(ErrorCode.VALIDATION, "resource id must not be empty");
        }
        if (!key.equals(ResourceKeys.keyOf(id))) {
            throw new PraetorException(ErrorCode.VALIDATION, "resource key does not match its id: " + id);
        }
        if (version < 0) {
            throw new PraetorException(ErrorCode.VALIDATION, "resource version must not be negative");
        }
        tags = Map.copyOf(tags);
    }

    /** A resource not stored yet: key derived from the id, provider from the type's first segment. */
    public static Resource of(String id, String type, String name, String region, String account,
                              Map<String, String> tags, Map<String, Object> properties, String source,
                              Instant observedAt) {
        int dot = type.indexOf('.');
        String provider = dot < 0 ? type : type.substring(0, dot);
        return new Resource(id, ResourceKeys.keyOf(id), provider, type, name, region, account, tags,
                properties, source, observedAt, 0, "");
    }

    public Resource withVersion(long newVersion) {
        return new Resource(id, key, provider, type, name, region, account, tags, properties, source,
                observedAt, newVersion, contentHash);
    }

    public Resource withContentHash(String hash) {
        return new Resource(id, key, provider, type, name, region, account, tags, properties, source,
                observedAt, version, hash);
    }

    public Resource withProperties(Map<String, Object> newProperties) {
        return new Resource(id, key, provider, type, name, region, account, tags, newProperties, source,
                observedAt, version, "");
    }

    public Resource withObservedAt(Instant at) {
        return new Resource(id, key, provider, type, name, region, account, tags, properties, source,
                at, version, contentHash);
    }
}
