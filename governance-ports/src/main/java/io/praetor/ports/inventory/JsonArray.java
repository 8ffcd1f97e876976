package io.praetor.ports.inventory;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Consumer;

/**
 * An immutable JSON array kept in one array; null items are allowed (JSON null), which
 * {@link List#of} refuses. An unmodifiable view of an {@code ArrayList} is three objects where this
 * is two, and an inventory of a hundred thousand resources holds about half a million arrays.
 */
public final class JsonArray extends AbstractList<Object> implements RandomAccess {
    private static final JsonArray EMPTY = new JsonArray(new Object[0]);

    private final Object[] items;

    private JsonArray(Object[] items) {
        this.items = items;
    }

    /** Takes ownership of {@code items}: the caller no longer changes the array. */
    public static JsonArray ofOwned(Object[] items) {
        return items.length == 0 ? EMPTY : new JsonArray(items);
    }

    /** The first {@code size} items of {@code buffer}, copied. */
    public static JsonArray of(Object[] buffer, int size) {
        java.util.Objects.checkFromToIndex(0, size, buffer.length);
        return size == 0 ? EMPTY : new JsonArray(Arrays.copyOf(buffer, size));
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public void forEach(Consumer<? super Object> action) {
        for (Object item : items) action.accept(item);
    }

    @Override
    public Object[] toArray() {
        return items.clone();
    }
}
