package io.praetor.ports;

import java.util.Objects;
import java.util.regex.Pattern;

/** A tenant's identifier; always taken from a verified token, never from a header or body. */
public record TenantId(String value) implements Comparable<TenantId> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (!VALID.matcher(value).matches()) {
            throw new PraetorException(ErrorCode.VALIDATION, "invalid tenant id: must match " + VALID.pattern());
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public int compareTo(TenantId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
