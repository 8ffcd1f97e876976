package io.praetor.ports.credentials;

import java.util.Map;
import java.util.Objects;

/** Credentials of one kind ({@code aws-static}, {@code bearer}, …); {@link #toString} never prints values. */
public record Credentials(String kind, Map<String, String> values) {
    public Credentials {
        Objects.requireNonNull(kind);
        values = Map.copyOf(values);
    }

    @Override
    public String toString() {
        return "Credentials[kind=" + kind + ", keys=" + values.keySet() + "]";
    }
}
