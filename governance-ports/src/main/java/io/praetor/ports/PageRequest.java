package io.praetor.ports;

import java.util.Objects;
import java.util.Optional;

/** A page of a listing: at most {@code limit} items after the opaque {@code cursor}. */
public record PageRequest(int limit, Optional<String> cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public PageRequest {
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new PraetorException(ErrorCode.VALIDATION, "limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty());
    }

    public static PageRequest firstPage() {
        return first(DEFAULT_LIMIT);
    }
}
