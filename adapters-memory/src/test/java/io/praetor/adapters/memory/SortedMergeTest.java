package io.praetor.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;

class SortedMergeTest {
    @Test
    void mergesStoredAndNewEntriesInOrder_skippingNullValues_andTheNewValueWinsOnAKeyInBoth() {
        ConcurrentSkipListMap<String, Integer> stored = new ConcurrentSkipListMap<>(Map.of("b", 1, "d", 1, "f", 1));
        String[] keys = {"a", "c", "d", "e", "g"};
        Integer[] values = {2, null, 2, 2, 2};

        ConcurrentSkipListMap<String, Integer> merged = SortedMerge.of(stored, keys, values);

        assertThat(new ArrayList<>(merged.entrySet())).containsExactly(Map.entry("a", 2), Map.entry("b", 1),
                Map.entry("d", 2), Map.entry("e", 2), Map.entry("f", 1), Map.entry("g", 2));
        assertThat(merged.ceilingKey("c")).isEqualTo("d");
        merged.put("c", 3); // the built map is an ordinary skip list
        assertThat(merged.headMap("d")).containsOnlyKeys("a", "b", "c");
        assertThat(stored).containsOnlyKeys("b", "d", "f");
    }

    @Test
    void aLargeMerge_isTheUnionInOrder() {
        ConcurrentSkipListMap<String, Integer> stored = new ConcurrentSkipListMap<>();
        TreeMap<String, Integer> expected = new TreeMap<>();
        for (int i = 0; i < 50_000; i += 3) {
            stored.put(String.format("id-%06d", i), i);
            expected.put(String.format("id-%06d", i), i);
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50_000; i += 2) {
            keys.add(String.format("id-%06d", i));
            expected.put(String.format("id-%06d", i), -i);
        }
        Integer[] values = keys.stream().map(k -> -Integer.parseInt(k.substring(3))).toArray(Integer[]::new);

        ConcurrentSkipListMap<String, Integer> merged = SortedMerge.of(stored, keys.toArray(String[]::new), values);

        assertThat(merged).containsExactlyEntriesOf(expected);
    }
}
