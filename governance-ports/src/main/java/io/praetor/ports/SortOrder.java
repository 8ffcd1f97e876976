package io.praetor.ports;

import java.util.Objects;

/** {@code ?sort=field} or {@code ?sort=-field}. */
public record SortOrder(String field, boolean descending) {
    public SortOrder {
        Objects.requireNonNull(field, "field");
    }

    public static SortOrder parse(String spec) {
        return spec.startsWith("-") ? new SortOrder(spec.substring(1), true) : new SortOrder(spec, false);
    }
}
