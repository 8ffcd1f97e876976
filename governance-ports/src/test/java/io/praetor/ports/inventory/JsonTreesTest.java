package io.praetor.ports.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.PraetorException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreesTest {

    @Test
    void aSmallObjectKeepsItsOrderAndNullsAndEqualsTheMapItCameFrom() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("zeta", 1);
        source.put("alpha", null);
        source.put("mid", List.of("x"));
        Map<String, Object> frozen = JsonTrees.freezeObject(source);

        assertThat(frozen).isInstanceOf(SmallJsonObject.class);
        assertThat(frozen.keySet()).containsExactly("zeta", "alpha", "mid");
        assertThat(frozen).containsEntry("zeta", 1L).containsKey("alpha");
        assertThat(frozen.get("alpha")).isNull();
        assertThat(frozen.get("absent")).isNull();
        assertThat(frozen.containsKey("absent")).isFalse();
        Map<String, Object> expected = new HashMap<>();
        expected.put("zeta", 1L);
        expected.put("alpha", null);
        expected.put("mid", List.of("x"));
        assertThat(frozen).isEqualTo(expected);
        assertThat(frozen.hashCode()).isEqualTo(expected.hashCode());
        assertThatThrownBy(() -> frozen.put("new", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.entrySet().iterator().next().setValue(2))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anObjectOfMoreKeysThanASmallOneHoldsStaysInOrderAndUnmodifiable() {
        Map<String, Object> source = new LinkedHashMap<>();
        for (int i = SmallJsonObject.MAX_KEYS; i >= 0; i--) source.put("k" + i, i);
        Map<String, Object> frozen = JsonTrees.freezeObject(source);

        assertThat(frozen).isNotInstanceOf(SmallJsonObject.class);
        assertThat(frozen.keySet()).containsExactlyElementsOf(source.keySet());
        assertThatThrownBy(frozen::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anArrayKeepsNullItemsAndIsAnUnmodifiableList() {
        List<Object> source = new ArrayList<>(Arrays.asList(1, null, "s", Map.of("a", 2)));
        Object frozen = JsonTrees.freeze(source);

        assertThat(frozen).isInstanceOf(JsonArray.class);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) frozen;
        assertThat(list).containsExactly(1L, null, "s", Map.of("a", 2L));
        assertThat(list).isEqualTo(Arrays.asList(1L, null, "s", Map.of("a", 2L)));
        assertThat(list.get(3)).isInstanceOf(SmallJsonObject.class);
        assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
        source.set(0, 99);
        assertThat(list.get(0)).isEqualTo(1L); // a copy, not a view
        assertThat(JsonTrees.freeze(List.of())).isEqualTo(List.of());
        assertThat(JsonArray.of(new Object[] {"a", "b", "c"}, 2)).containsExactly("a", "b");
        assertThatThrownBy(() -> JsonArray.of(new Object[1], 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void numbersAreWidenedAndWhatIsNotJsonIsRefused() {
        assertThat(JsonTrees.freeze(List.of(1, (short) 2, 3.5f, BigInteger.TEN, new BigDecimal("1.5"),
                new BigInteger("123456789012345678901234567890"))))
                .isEqualTo(List.of(1L, 2L, 3.5d, 10L, 1.5d, 1.2345678901234568e29));
        assertThatThrownBy(() -> JsonTrees.freeze(Map.of(1, "x"))).isInstanceOf(PraetorException.class)
                .hasMessageContaining("keys must be strings");
        assertThatThrownBy(() -> JsonTrees.freeze(List.of(new Object()))).isInstanceOf(PraetorException.class)
                .hasMessageContaining("not a JSON value");
    }

    @Test
    void aSmallObjectMadeFromRepeatedKeysKeepsTheFirstPlaceAndTheLastValue() {
        SmallJsonObject o = SmallJsonObject.of(new Object[] {"a", 1, "b", 2, "a", 3, "ignored", 4}, 3);
        assertThat(o.keySet()).containsExactly("a", "b");
        assertThat(o).containsEntry("a", 3).containsEntry("b", 2);
        assertThat(o.keyAt(1)).isEqualTo("b");
        assertThat(o.valueAt(0)).isEqualTo(3);
        assertThatThrownBy(() -> SmallJsonObject.ofDistinct(new Object[] {"odd"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
