package io.praetor.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class IdOrderTest {
    /** The ids after {@code id}, with the slot of each (here its own id in upper case). */
    private static List<String> after(IdOrder<String> order, String id) {
        List<String> out = new ArrayList<>();
        for (IdOrder.Walk<String> walk = order.walk(id); walk.next(); ) {
            assertThat(walk.slot()).isEqualTo(walk.id().toUpperCase());
            out.add(walk.id());
        }
        return out;
    }

    private static String[] upper(String[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = ids[i].toUpperCase();
        return out;
    }

    @Test
    void idsAddedOneByOne_andInABatch_walkAscendingWithTheirSlots_fromAnyId() {
        Random random = new Random(1);
        TreeMap<String, String> expected = new TreeMap<>();
        String[] batch = new String[2000];
        for (int i = 0; i < batch.length; i++) batch[i] = String.format("b%05d", i * 3);
        IdOrder<String> order = IdOrder.of(batch.clone(), upper(batch));
        for (String id : batch) expected.put(id, id.toUpperCase());
        for (int i = 0; i < 5000; i++) {
            // more than a quarter of the arrays: the order is made anew on the way
            String id = String.format("b%05d", random.nextInt(9000));
            if (order.find(id) == null) order = order.add(id, id.toUpperCase(), s -> true);
            expected.put(id, id.toUpperCase());
        }

        assertThat(after(order, null)).containsExactlyElementsOf(expected.keySet());
        assertThat(order.size()).isEqualTo(expected.size());
        assertThat(order.find("b00003")).isEqualTo("B00003");
        assertThat(order.find("a")).isNull();
        for (String from : List.of("b00000", "b04500", "b04501", "a", "c", "b08999")) {
            assertThat(after(order, from)).as("after " + from).containsExactlyElementsOf(expected.tailMap(from, false).keySet());
        }
    }

    @Test
    void with_mergesNewIds_andDropsTheDeadOnlyWhenSomeWereRecordedGone() {
        IdOrder<String> order = IdOrder.of(new String[] {"a", "c", "e"}, new String[] {"A", "C", "E"}).add("d", "D", s -> true);
        Set<String> live = new TreeSet<>(List.of("A", "C", "D", "E"));

        IdOrder<String> merged = order.with(new String[] {"b", "f"}, new String[] {"B", "F"}, live::contains);
        assertThat(after(merged, null)).containsExactly("a", "b", "c", "d", "e", "f");

        // "c" dies: it stays (its owner skips it) until the order is made anew
        live.remove("C");
        IdOrder<String> afterGone = order.gone(live::contains);
        assertThat(after(afterGone, null)).containsExactly("a", "c", "d", "e");
        assertThat(after(afterGone.with(new String[] {"b"}, new String[] {"B"}, live::contains), null))
                .containsExactly("a", "b", "d", "e");
    }

    @Test
    void manyGone_makeTheOrderAnewWithoutThem() {
        String[] ids = new String[4000];
        for (int i = 0; i < ids.length; i++) ids[i] = String.format("%04d", i);
        IdOrder<String> order = IdOrder.of(ids, upper(ids));
        Set<String> dead = new TreeSet<>();
        Predicate<String> live = slot -> !dead.contains(slot);
        for (int i = 0; i < 2000; i++) {
            dead.add(ids[i]);
            order = order.gone(live);
        }
        // made anew once the dead passed a quarter (and a floor): fewer ids than were added
        assertThat(order.size()).isLessThan(ids.length);
        assertThat(after(order, null)).filteredOn(live).hasSize(2000).first().isEqualTo("2000");
    }

    @Test
    void anOrderHeldByAReader_keepsItsIds_whenTheWriterMakesANewOne() {
        IdOrder<String> old = IdOrder.of(new String[] {"a", "b"}, new String[] {"A", "B"});
        IdOrder.Walk<String> reading = old.walk(null);
        IdOrder<String> rebuilt = old.gone(s -> false).with(new String[] {"c"}, new String[] {"C"}, s -> false);

        assertThat(reading.next()).isTrue();
        assertThat(reading.id()).isEqualTo("a");
        assertThat(reading.next()).isTrue();
        assertThat(reading.id()).isEqualTo("b");
        assertThat(reading.next()).isFalse();
        assertThat(after(rebuilt, null)).containsExactly("c");
    }
}
