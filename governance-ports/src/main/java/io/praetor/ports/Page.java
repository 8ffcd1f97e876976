package io.praetor.ports;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of items and the cursor of the next page, absent on the last one. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }

    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, Optional.empty());
    }
}
