package io.praetor.ports.inventory;

import io.praetor.ports.SortOrder;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Filters of {@code GET /resources}; empty means "any". {@code type} may end in {@code .*} to match
 * every type under a prefix. {@code text} matches id or name case-insensitively.
 */
public record ResourceQuery(
        Optional<String> provider,
        Optional<String> type,
        Optional<String> region,
        Optional<String> account,
        Optional<String> source,
        Map<String, String> tags,
        Optional<String> text,
        Optional<String> id,
        Optional<SortOrder> sort) {

    public ResourceQuery {
        Objects.requireNonNull(provider);
        Objects.requireNonNull(type);
        Objects.requireNonNull(region);
        Objects.requireNonNull(account);
        Objects.requireNonNull(source);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(text);
        Objects.requireNonNull(id);
        Objects.requireNonNull(sort);
    }

    public static ResourceQuery all() {
        return new ResourceQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static ResourceQuery ofType(String typeOrPrefix) {
        return all().withType(typeOrPrefix);
    }

    public ResourceQuery withType(String t) {
        return new ResourceQuery(provider, Optional.of(t), region, account, source, tags, text, id, sort);
    }

    /** Whether {@code r} passes every filter; stores may use it or translate the query. */
    public boolean matches(Resource r) {
        if (provider.isPresent() && !provider.get().equals(r.provider())) return false;
        if (type.isPresent() && !typeMatches(type.get(), r.type())) return false;
        if (region.isPresent() && !region.get().equals(r.region())) return false;
        if (account.isPresent() && !account.get().equals(r.account())) return false;
        if (source.isPresent() && !source.get().equals(r.source())) return false;
        if (id.isPresent() && !id.get().equals(r.id())) return false;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (!tag.getValue().equals(r.tags().get(tag.getKey()))) return false;
        }
        if (text.isPresent()) {
            String needle = text.get().toLowerCase(java.util.Locale.ROOT);
            if (!r.id().toLowerCase(java.util.Locale.ROOT).contains(needle)
                    && !r.name().toLowerCase(java.util.Locale.ROOT).contains(needle)) {
                return false;
            }
        }
        return true;
    }

    /** {@code aws.s3.*} matches every type under {@code aws.s3.}; anything else matches exactly. */
    public static boolean typeMatches(String pattern, String type) {
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }
}
