package io.praetor.adapters.memory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Opaque cursors of the memory stores: {@code k:<last id>} for listings in key order (stable while
 * items come and go) and {@code o:<offset>} for sorted listings.
 */
final class PageCursors {
    private PageCursors() {}

    /** One page of the values of an index in id order, filtered, after the cursor's id. */
    static <V> Page<V> byKey(IdIndex<V> index, Predicate<V> filter, PageRequest page) {
        Iterator<Map.Entry<String, V>> it = index.entriesAfter(page.cursor().map(c -> decode(c, "k:")).orElse(null));
        List<V> items = new ArrayList<>(Math.min(page.limit(), 64));
        String lastKey = null;
        while (it.hasNext()) {
            Map.Entry<String, V> e = it.next();
            if (!filter.test(e.getValue())) continue;
            if (items.size() == page.limit()) {
                return new Page<>(items, Optional.of(encode("k:" + lastKey)));
            }
            items.add(e.getValue());
            lastKey = e.getKey();
        }
        return Page.last(items);
    }

    /** One page of an already sorted list, by offset. */
    static <V> Page<V> byOffset(List<V> sorted, PageRequest page) {
        int from = page.cursor().map(c -> parseOffset(decode(c, "o:"))).orElse(0);
        if (from >= sorted.size()) return Page.last(List.of());
        int to = Math.min(sorted.size(), from + page.limit());
        List<V> items = sorted.subList(from, to);
        return to < sorted.size() ? new Page<>(items, Optional.of(encode("o:" + to))) : Page.last(items);
    }

    private static int parseOffset(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw malformed();
        }
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor, String prefix) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        if (!raw.startsWith(prefix)) throw malformed();
        return raw.substring(prefix.length());
    }

    private static PraetorException malformed() {
        return new PraetorException(ErrorCode.MALFORMED, "invalid cursor");
    }
}
