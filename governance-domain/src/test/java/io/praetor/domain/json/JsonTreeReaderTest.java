package io.praetor.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeReaderTest {
    private static final JsonFactory FACTORY = new JsonFactory();

    private static Object read(String json, boolean expand) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            return new JsonTreeReader(FACTORY, 64, expand).readValue(p, 0);
        }
    }

    @Test
    void numbers_becomeLongOrDouble() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) read(
                "{\"i\":1,\"neg\":-7,\"f\":1.0,\"e\":1e3,\"big\":123456789012345678901234567890}", false);
        assertThat(m.get("i")).isEqualTo(1L);
        assertThat(m.get("neg")).isEqualTo(-7L);
        assertThat(m.get("f")).isEqualTo(1.0d);
        assertThat(m.get("e")).isEqualTo(1000.0d);
        assertThat(m.get("big")).isInstanceOf(Double.class);
    }

    @Test
    void objects_keepSourceOrderAndNulls_andAreImmutable() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) read("{\"z\":null,\"a\":[1,null],\"m\":{}}", false);
        assertThat(m.keySet()).containsExactly("z", "a", "m");
        assertThat(m).containsEntry("z", null);
        assertThat(m.get("a")).isEqualTo(java.util.Arrays.asList(1L, null));
        assertThatThrownBy(() -> m.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void smallAndLargeObjects_keepOrder_andRepeatedKeysKeepTheLastValue() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> small = (Map<String, Object>) read("{\"b\":1,\"a\":2,\"b\":3}", false);
        assertThat(small).hasSize(2).containsEntry("b", 3L).containsEntry("a", 2L).doesNotContainKey("c");
        assertThat(small.keySet()).containsExactly("b", "a");
        assertThat(small).isEqualTo(Map.of("a", 2L, "b", 3L));
        assertThatThrownBy(() -> small.remove("a")).isInstanceOf(UnsupportedOperationException.class);

        StringBuilder json = new StringBuilder("{");
        for (int i = 20; i > 0; i--) {
            json.append("\"k").append(i).append("\":").append(i).append(i > 1 ? "," : "}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> large = (Map<String, Object>) read(json.toString(), false);
        assertThat(large).hasSize(20).containsEntry("k20", 20L).containsEntry("k1", 1L);
        assertThat(large.keySet()).startsWith("k20", "k19").endsWith("k1");
        assertThatThrownBy(() -> large.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jsonLookingStrings_areParsedOnlyWhenWholeAndValid() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) read("""
                {"obj":"  {\\"a\\":\\"[1]\\"}  ","port":"22","bad":"[ERROR] disk full","trailing":"{} {}","empty":"[]"}
                """, true);
        assertThat(m.get("obj")).isEqualTo(Map.of("a", List.of(1L)));
        assertThat(m.get("port")).isEqualTo("22");
        assertThat(m.get("bad")).isEqualTo("[ERROR] disk full");
        assertThat(m.get("trailing")).isEqualTo("{} {}");
        assertThat(m.get("empty")).isEqualTo(List.of());
    }

    @Test
    void withoutExpansion_stringsStayStrings() throws IOException {
        assertThat(read("\"{\\\"a\\\":1}\"", false)).isEqualTo("{\"a\":1}");
    }

    @Test
    void expandJsonStrings_rewritesOnlyTheContainersThatChange() {
        JsonTreeReader reader = new JsonTreeReader(FACTORY, 64, true);
        Map<String, Object> untouched = Map.of("a", "x");
        Map<String, Object> tree = Map.of("keep", untouched, "doc", "{\"k\":[true]}");
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) reader.expandJsonStrings(tree, 0);
        assertThat(out.get("doc")).isEqualTo(Map.of("k", List.of(true)));
        assertThat(out.get("keep")).isSameAs(untouched);
    }

    @Test
    void tooDeep_isPayloadTooLarge() {
        assertThatThrownBy(() -> {
            try (JsonParser p = FACTORY.createParser("[[[[1]]]]")) {
                p.nextToken();
                new JsonTreeReader(FACTORY, 3, false).readValue(p, 0);
            }
        }).isInstanceOfSatisfying(PraetorException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
            assertThat(e.issues().getFirst().column()).isEqualTo(4);
        });
    }

    @Test
    void writer_sortsKeysWhenAsked() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("b", 1L);
        m.put("a", Map.of("y", 2.5));
        assertThat(JsonTreeWriter.toJson(m)).isEqualTo("{\"b\":1,\"a\":{\"y\":2.5}}");
    }
}
