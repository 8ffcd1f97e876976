package io.praetor.domain.decide.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.values.NullValue;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceActivationTest {
    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    private static Map<?, ?> properties(Map<String, Object> properties) {
        Resource r = Resource.of("r-1", "aws.s3.bucket", "b", "us-east-1", "1", Map.of("env", "prod"),
                JsonTrees.freezeObject(properties), "test", NOW);
        Map<String, Object> value = ResourceActivation.of(r).value();
        assertThat(value.keySet()).containsExactly("id", "key", "provider", "type", "name", "region", "account", "source",
                "tags", "properties", "observed_at");
        assertThat(value.get("tags")).isEqualTo(Map.of("env", "prod"));
        return (Map<?, ?>) value.get("properties");
    }

    @Test
    void nullsReadAsCelNullAndAMembersViewIsMadeOnceHoweverOftenItIsRead() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", null);
        inner.put("c", Arrays.asList(Map.of("d", 1L), null, List.of("x")));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("a", inner);
        source.put("e", null);
        source.put("f", "text");
        Map<?, ?> p = properties(source);

        Map<?, ?> a = (Map<?, ?>) p.get("a");
        assertThat(p.get("a")).isSameAs(a);
        assertThat(p.get("e")).isSameAs(NullValue.NULL_VALUE);
        assertThat(p.get("f")).isEqualTo("text");
        assertThat(p.get("absent")).isNull();
        assertThat(p.containsKey("e")).isTrue();
        assertThat(a.get("b")).isSameAs(NullValue.NULL_VALUE);
        List<?> c = (List<?>) a.get("c");
        assertThat(a.get("c")).isSameAs(c);
        assertThat(c.get(0)).isSameAs(c.get(0)).isEqualTo(Map.of("d", 1L));
        assertThat(c.get(1)).isSameAs(NullValue.NULL_VALUE);
        assertThat(c.get(2)).isEqualTo(List.of("x"));
        assertThat(c).hasSize(3);
        List<Object> values = p.entrySet().stream().map(e -> (Object) e.getValue()).toList();
        assertThat(values).containsExactly(a, NullValue.NULL_VALUE, "text");
    }

    @Test
    void anObjectTooLargeToBeSmallIsReadTheSameWay() {
        Map<String, Object> source = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) source.put("k" + i, i % 2 == 0 ? null : Map.of("n", (long) i));
        Map<?, ?> p = properties(source);

        assertThat(p).hasSize(20);
        assertThat(p.get("k0")).isSameAs(NullValue.NULL_VALUE);
        assertThat(p.get("k1")).isEqualTo(Map.of("n", 1L));
        assertThat(p.get("k99")).isNull();
    }
}
