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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest(name = "hashed {0}")
    @ValueSource(booleans = {false, true})
    void idsAddedOneByOne_andInABatch_walkAscendingWithTheirSlots_fromAnyId(boolean hashed) {
        Random random = new Random(1);
        TreeMap<String, String> expected = new TreeMap<>();
        String[] batch = new String[2000];
        for (int i = 0; i < batch.length; i++) batch[i] = String.format("b%05d", i * 3);
        IdOrder<String> order = IdOrder.of(batch.clone(), upper(batch), hashed);
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

    @ParameterizedTest(name = "hashed {0}")
    @ValueSource(booleans = {false, true})
    void with_mergesNewIds_andDropsTheDeadOnlyWhenSomeWereRecordedGone(boolean hashed) {
        IdOrder<String> order = IdOrder.of(new String[] {"a", "c", "e"}, new String[] {"A", "C", "E"}, hashed).add("d", "D", s -> true);
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

    @ParameterizedTest(name = "hashed {0}")
    @ValueSource(booleans = {false, true})
    void manyGone_makeTheOrderAnewWithoutThem(boolean hashed) {
        String[] ids = new String[4000];
        for (int i = 0; i < ids.length; i++) ids[i] = String.format("%04d", i);
        IdOrder<String> order = IdOrder.of(ids, upper(ids), hashed);
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

    @ParameterizedTest(name = "hashed {0}")
    @ValueSource(booleans = {false, true})
    void anOrderHeldByAReader_keepsItsIds_whenTheWriterMakesANewOne(boolean hashed) {
        IdOrder<String> old = IdOrder.of(new String[] {"a", "b"}, new String[] {"A", "B"}, hashed);
        IdOrder.Walk<String> reading = old.walk(null);
        IdOrder<String> rebuilt = old.gone(s -> false).with(new String[] {"c"}, new String[] {"C"}, s -> false);

        assertThat(reading.next()).isTrue();
        assertThat(reading.id()).isEqualTo("a");
        assertThat(reading.next()).isTrue();
        assertThat(reading.id()).isEqualTo("b");
        assertThat(reading.next()).isFalse();
        assertThat(after(rebuilt, null)).containsExactly("c");
    }

    @Test
    void aHashedOrder_findsEveryIdItHolds_andNoOther_throughCollidingHashes_andEveryRemaking() {
        // "Aa" and "BB" share a hash code, and so does every string made of those pairs: 64 ids on one entry
        List<String> colliding = new ArrayList<>();
        for (int bits = 0; bits < 64; bits++) {
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 6; i++) id.append((bits >> i & 1) == 0 ? "Aa" : "BB");
            colliding.add(id.toString());
        }
        TreeSet<String> batch = new TreeSet<>(colliding.subList(0, 40));
        for (int i = 0; i < 3000; i++) batch.add(String.format("f-%08x", i * 7919));
        String[] ids = batch.toArray(String[]::new);
        IdOrder<String> order = IdOrder.of(ids, upper(ids), true);
        TreeSet<String> expected = new TreeSet<>(batch);
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            // added one by one past a quarter of the arrays: made anew, hashed again, on the way
            String id = i < 24 ? colliding.get(40 + i) : String.format("f-%08x", random.nextInt(40_000_000));
            if (order.find(id) == null) order = order.add(id, id.toUpperCase(), s -> true);
            expected.add(id);
        }
        IdOrder<String> merged = order.with(new String[] {"a-new", "z-new"}, new String[] {"A-NEW", "Z-NEW"}, s -> true);
        expected.add("a-new");
        expected.add("z-new");

        for (String id : expected) assertThat(merged.find(id)).as(id).isEqualTo(id.toUpperCase());
        for (String absent : List.of("AaAaAaAaAaAaAa", "BBBB", "", "f-", "f-0000000", "zz")) {
            assertThat(merged.find(absent)).as(absent).isNull();
        }
        assertThat(after(merged, null)).containsExactlyElementsOf(expected);
    }

    @Test
    void anEmptyHashedOrder_findsNothing_andHashesWhatItIsGiven() {
        IdOrder<String> empty = IdOrder.hashed();
        assertThat(empty.find("a")).isNull();
        IdOrder<String> one = empty.with(new String[] {"a"}, new String[] {"A"}, s -> true);
        assertThat(one.find("a")).isEqualTo("A");
        assertThat(one.find("b")).isNull();
    }
}
