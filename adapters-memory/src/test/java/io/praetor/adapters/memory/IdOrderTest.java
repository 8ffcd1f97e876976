package io.praetor.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class IdOrderTest {
    private static List<String> after(IdOrder order, String id) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = order.after(id); it.hasNext(); ) out.add(it.next());
        return out;
    }

    @Test
    void idsAddedOneByOne_andInABatch_comeOutAscending_fromAnyId() {
        Random random = new Random(1);
        TreeSet<String> expected = new TreeSet<>();
        String[] batch = new String[2000];
        for (int i = 0; i < batch.length; i++) batch[i] = String.format("b%05d", i * 3);
        IdOrder order = IdOrder.of(batch.clone());
        expected.addAll(List.of(batch));
        for (int i = 0; i < 5000; i++) {
            // more than a quarter of the array: the order is made anew on the way
            String id = String.format("b%05d", random.nextInt(9000));
            order = order.add(id, x -> true);
            expected.add(id);
        }

        assertThat(after(order, null)).containsExactlyElementsOf(expected);
        assertThat(order.size()).isEqualTo(expected.size());
        for (String from : List.of("b00000", "b04500", "b04501", "a", "c", "b08999")) {
            assertThat(after(order, from)).as("after " + from).containsExactlyElementsOf(expected.tailSet(from, false));
        }
    }

    @Test
    void with_mergesNewIdsOnce_andDropsTheDeadOnlyWhenSomeWereRecordedGone() {
        IdOrder order = IdOrder.of(new String[] {"a", "c", "e"}).add("d", x -> true);
        Set<String> live = new TreeSet<>(List.of("a", "c", "d", "e"));

        IdOrder merged = order.with(new String[] {"b", "c", "f"}, live::contains);
        assertThat(after(merged, null)).containsExactly("a", "b", "c", "d", "e", "f");

        // "c" goes: it stays listed (its owner skips it) until the order is made anew
        live.remove("c");
        IdOrder afterGone = order.gone(live::contains);
        assertThat(after(afterGone, null)).containsExactly("a", "c", "d", "e");
        assertThat(after(afterGone.with(new String[] {"b"}, live::contains), null)).containsExactly("a", "b", "d", "e");
    }

    @Test
    void manyGone_makeTheOrderAnewWithoutThem() {
        String[] ids = new String[4000];
        for (int i = 0; i < ids.length; i++) ids[i] = String.format("%04d", i);
        IdOrder order = IdOrder.of(ids);
        Set<String> dead = new TreeSet<>();
        Predicate<String> live = id -> !dead.contains(id);
        for (int i = 0; i < 2000; i++) {
            dead.add(ids[i]);
            order = order.gone(live);
        }
        // made anew once the dead passed a quarter (and a floor): fewer ids than were added
        assertThat(order.size()).isLessThan(ids.length);
        assertThat(after(order, null)).filteredOn(live).hasSize(2000);
        assertThat(after(order, null).stream().filter(live).findFirst()).contains("2000");
    }

    @Test
    void anOrderHeldByAReader_keepsItsIds_whenTheWriterMakesANewOne() {
        IdOrder old = IdOrder.of(new String[] {"a", "b"});
        Iterator<String> reading = old.after(null);
        IdOrder rebuilt = old.gone(x -> false).with(new String[] {"c"}, x -> false);

        assertThat(reading.next()).isEqualTo("a");
        assertThat(reading.next()).isEqualTo("b");
        assertThat(after(rebuilt, null)).containsExactly("c");
    }
}
