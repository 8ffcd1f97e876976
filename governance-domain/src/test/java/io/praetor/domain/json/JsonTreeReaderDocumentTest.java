package io.praetor.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeReaderDocumentTest {

    @Test
    void read_buildsTreesOfLongsDoublesAndOrderedMaps() {
        Object tree = JsonTreeReader.read("{\"b\":1,\"a\":[2.5,\"s\",true,null,{}],\"c\":99999999999999999999}");

        assertThat(tree).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) tree;
        assertThat(map.keySet()).containsExactly("b", "a", "c");
        assertThat(map.get("b")).isEqualTo(1L);
        assertThat(map.get("a")).isEqualTo(Arrays.asList(2.5, "s", true, null, Map.of()));
        assertThat(map.get("c")).isEqualTo(1.0e20);
    }

    @Test
    @SuppressWarnings("unchecked")
    void read_returnsImmutableTrees() {
        Map<String, Object> map = JsonTreeReader.readObject("{\"a\":[1]}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> map.put("b", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) map.get("a")).add(2L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void read_rejectsDuplicateNamesTrailingContentAndBadSyntax_withLocations() {
        assertThatThrownBy(() -> JsonTreeReader.read("{\"a\":1,\"a\":2}"))
                .isInstanceOf(PraetorException.class).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> JsonTreeReader.read("{} {}")).isInstanceOf(PraetorException.class)
                .hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> JsonTreeReader.read("{\n\"a\": tru}"))
                .isInstanceOf(PraetorException.class)
                .hasMessageContaining("line 2")
                .satisfies(e -> assertThat(((PraetorException) e).code()).isEqualTo(ErrorCode.MALFORMED));
        assertThatThrownBy(() -> JsonTreeReader.read("")).isInstanceOf(PraetorException.class);
    }

    @Test
    void read_rejectsNumbersBeyondADouble() {
        assertThatThrownBy(() -> JsonTreeReader.read("[1e400]"))
                .isInstanceOf(PraetorException.class)
                .satisfies(e -> assertThat(((PraetorException) e).code()).isEqualTo(ErrorCode.VALIDATION));
    }

    @Test
    void readLines_readsNdjsonAndNamesTheBadLine() {
        assertThat(JsonTreeReader.readLines("{\"a\":1}\n\n[2]\n".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(Map.of("a", 1L), List.of(2L));
        assertThatThrownBy(() -> JsonTreeReader.readLines("{}\n{\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("line 2:");
    }

    @Test
    void writerOutput_readsBackAsTheSameTree() {
        Object tree = JsonTreeReader.read("{\"z\":[1,-2.25,\"é\\n\",false,null],\"a\":{\"k\":1.0E21}}");

        assertThat(JsonTreeReader.read(JsonTreeWriter.toBytes(tree))).isEqualTo(tree);
        assertThat(JsonTreeReader.read(JsonTreeWriter.toBytes(tree, true))).isEqualTo(tree);
        assertThat(JsonTreeWriter.toJson(Map.of("a", 1L))).isEqualTo("{\"a\":1}");
    }
}
