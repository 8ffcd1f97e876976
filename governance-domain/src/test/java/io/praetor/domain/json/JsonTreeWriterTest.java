package io.praetor.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.PraetorException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeWriterTest {
    private static String json(Object tree) {
        return new String(JsonTreeWriter.toBytes(tree), StandardCharsets.UTF_8);
    }

    @Test
    void documentsWrittenOneAfterAnother_areEachWholeWithNothingBetween() {
        assertThat(json(JsonObjects.ordered("a", 1L, "b", List.of("x", true)))).isEqualTo("{\"a\":1,\"b\":[\"x\",true]}");
        assertThat(json("text")).isEqualTo("\"text\"");
        assertThat(json(JsonObjects.ordered("c", null))).isEqualTo("{\"c\":null}");
    }

    @Test
    void aDocumentThatFailsHalfWritten_leavesNothingBehindForTheNextOne() {
        assertThatThrownBy(() -> JsonTreeWriter.toBytes(JsonObjects.ordered("ok", 1L, "bad", Double.NaN)))
                .isInstanceOf(PraetorException.class);
        assertThatThrownBy(() -> JsonTreeWriter.toBytes(Map.of("nested", JsonObjects.ordered("x", new Object()))))
                .isInstanceOf(PraetorException.class);

        assertThat(json(JsonObjects.ordered("next", "whole"))).isEqualTo("{\"next\":\"whole\"}");
    }

    @Test
    void aLargeDocument_isWrittenWhole_andTheSmallOneAfterIt() {
        String big = "x".repeat(100_000);
        assertThat(json(List.of(big))).isEqualTo("[\"" + big + "\"]");
        assertThat(json(List.of(1L))).isEqualTo("[1]");
    }

    @Test
    void pretty_isIndented() {
        assertThat(new String(JsonTreeWriter.toBytes(JsonObjects.ordered("a", 1L), true), StandardCharsets.UTF_8))
                .contains("\n").contains("\"a\" : 1");
    }
}
