package io.praetor.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class IdIndexTest {
    @SuppressWarnings("unchecked")
    private static IdIndex.Slot<String>[] slots(int n) {
        return new IdIndex.Slot[n];
    }

    private static List<String> idsInOrder(IdIndex<String> index, String after) {
        List<String> ids = new ArrayList<>();
        for (Iterator<Map.Entry<String, String>> it = index.entriesAfter(after); it.hasNext(); ) ids.add(it.next().getKey());
        return ids;
    }

    @Test
    void putAllSorted_intoAnEmptyIndex_isFoundByIdAndInOrder() {
        IdIndex<String> index = new IdIndex<>();
        String[] ids = {"a", "b", "c"};
        String[] previous = new String[3];

        index.putAllSorted(ids, new String[] {"A", "B", "C"}, previous, slots(3));

        assertThat(previous).containsOnlyNulls();
        assertThat(index.get("b")).isEqualTo("B");
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.sorted()).containsExactly("A", "B", "C");
        assertThat(idsInOrder(index, "a")).containsExactly("b", "c");
    }

    @Test
    void putAllSorted_manyNewIds_rebuildsWithTheStoredOnes_andReturnsTheReplacedValues() {
        IdIndex<String> index = new IdIndex<>();
        TreeMap<String, String> expected = new TreeMap<>();
        for (int i = 0; i < 1000; i += 2) {
            index.put(String.format("%04d", i), "old" + i);
            expected.put(String.format("%04d", i), "old" + i);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i += 3) {
            ids.add(String.format("%04d", i));
            expected.put(String.format("%04d", i), "new" + i);
        }
        String[] values = ids.stream().map(id -> "new" + Integer.parseInt(id)).toArray(String[]::new);
        String[] previous = new String[ids.size()];

        index.putAllSorted(ids.toArray(String[]::new), values, previous, slots(ids.size()));

        for (int i = 0; i < ids.size(); i++) {
            int n = Integer.parseInt(ids.get(i));
            assertThat(previous[i]).isEqualTo(n % 2 == 0 ? "old" + n : null);
        }
        assertThat(index.size()).isEqualTo(expected.size());
        assertThat(index.sorted()).containsExactlyElementsOf(expected.values());
        assertThat(idsInOrder(index, null)).containsExactlyElementsOf(expected.keySet());
        // the rebuilt maps take later single writes and removals
        index.put("0001", "one");
        assertThat(index.remove("0000")).isEqualTo("new0");
        assertThat(idsInOrder(index, null)).startsWith("0001", "0002", "0003");
        assertThat(index.get("0001")).isEqualTo("one");
    }

    @Test
    void putAllSorted_aFewNewIds_insertsThemAmongTheStoredOnes() {
        IdIndex<String> index = new IdIndex<>();
        for (int i = 0; i < 100; i++) index.put(String.format("%03d", i * 10), "v");
        String[] previous = new String[2];

        index.putAllSorted(new String[] {"005", "010"}, new String[] {"five", "ten"}, previous, slots(2));

        assertThat(previous).containsExactly(null, "v");
        assertThat(index.size()).isEqualTo(101);
        assertThat(idsInOrder(index, "000")).startsWith("005", "010", "020");
        assertThat(index.get("010")).isEqualTo("ten");
    }

    @Test
    void aLargeWriteIntoAnEmptyIndex_thenRemovalsAndReturns_pageOnlyTheLiveIds() {
        IdIndex<String> index = new IdIndex<>();
        int n = 10_000;
        String[] ids = new String[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = String.format("%05d", i);
            values[i] = "v" + i;
        }
        IdIndex.Slot<String>[] slots = slots(n);
        index.putAllSorted(ids, values, new String[n], slots);
        assertThat(slots[42].value).isEqualTo("v42");
        assertThat(index.slot("00042")).isSameAs(slots[42]);

        for (int i = 0; i < n; i += 2) index.remove(ids[i]);
        index.put("00000", "back");

        List<String> expected = new ArrayList<>();
        expected.add("00000");
        for (int i = 1; i < n; i += 2) expected.add(ids[i]);
        assertThat(idsInOrder(index, null)).containsExactlyElementsOf(expected);
        assertThat(index.size()).isEqualTo(expected.size());
        assertThat(index.sorted()).hasSize(expected.size()).startsWith("back", "v1", "v3");
        // the id that came back took its dead slot again: it is listed once
        assertThat(idsInOrder(index, null).stream().filter("00000"::equals)).hasSize(1);
    }

    @Test
    void size_countsLiveIdsOnly_throughRemovalsOfAbsentAndDeadIds_andReturnsInABatch() {
        IdIndex<String> index = new IdIndex<>();
        index.putAllSorted(new String[] {"a", "b", "c"}, new String[] {"A", "B", "C"}, new String[3], slots(3));
        assertThat(index.remove("b")).isEqualTo("B");
        assertThat(index.remove("b")).isNull();
        assertThat(index.remove("x")).isNull();
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.get("b")).isNull();
        assertThat(index.slot("b")).isNull();

        String[] previous = new String[3];
        index.putAllSorted(new String[] {"a", "b", "d"}, new String[] {"A2", "B2", "D"}, previous, slots(3));

        assertThat(previous).containsExactly("A", null, null);
        assertThat(index.size()).isEqualTo(4);
        assertThat(index.sorted()).containsExactly("A2", "B2", "C", "D");
        assertThat(index.put("c", "C2")).isEqualTo("C");
        assertThat(index.size()).isEqualTo(4);
    }
}
