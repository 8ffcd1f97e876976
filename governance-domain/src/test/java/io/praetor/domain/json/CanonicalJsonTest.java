package io.praetor.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

    @Test
    void canonicalises_theRfc8785Section323Example() {
        // RFC 8785 §3.2.2 input, read from its JSON text so the number literals go through the parser.
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }
                """;
        String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

        assertThat(CanonicalJson.toJson(JsonTreeReader.read(input))).isEqualTo(expected);
    }

    @Test
    void sortsMembers_byUtf16CodeUnits_asRfc8785Section323() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("\u20ac", "Euro Sign");
        in.put("\r", "Carriage Return");
        in.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        in.put("1", "One");
        in.put("\ud83d\ude00", "Emoji: Grinning Face");
        in.put("\u0080", "Control");
        in.put("\u00f6", "Latin Small Letter O With Diaeresis");

        String out = CanonicalJson.toJson(in);

        // The emoji (a surrogate pair, 0xD83D…) sorts before U+FB33 although its code point is larger.
        assertThat(out).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void sortsNestedObjects_andKeepsArrayOrder() {
        Map<String, Object> inner = new HashMap<>();
        inner.put("b", 1L);
        inner.put("a", List.of(3L, 1L, 2L));
        Map<String, Object> outer = new HashMap<>();
        outer.put("z", inner);
        outer.put("aa", Map.of());
        outer.put("a", List.of());

        assertThat(CanonicalJson.toJson(outer)).isEqualTo("{\"a\":[],\"aa\":{},\"z\":{\"a\":[3,1,2],\"b\":1}}");
    }

    @Test
    void writesUtf8Bytes() {
        assertThat(CanonicalJson.toBytes("é€😀")).isEqualTo(
                ("\"é€😀\"").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void escapesOnlyQuoteBackslashAndControlCharacters() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) all.append(c);
        all.append("\"\\/\u007f\u2028\u2029<>&'");

        assertThat(CanonicalJson.toJson(all.toString())).isEqualTo("\""
                + "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
                + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"
                + "\\\"\\\\/\u007f\u2028\u2029<>&'\"");
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertThatThrownBy(() -> CanonicalJson.toBytes("a\ud800b"))
                .isInstanceOf(PraetorException.class)
                .satisfies(e -> assertThat(((PraetorException) e).code()).isEqualTo(ErrorCode.VALIDATION));
        assertThatThrownBy(() -> CanonicalJson.toBytes(Map.of("\udc00", 1L))).isInstanceOf(PraetorException.class);
    }

    @Test
    void rejectsNanAndInfinities() {
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> CanonicalJson.toBytes(List.of(d)))
                    .isInstanceOf(PraetorException.class)
                    .hasMessageContaining("cannot represent");
        }
    }

    @Test
    void rejectsValuesThatAreNotJson() {
        assertThatThrownBy(() -> CanonicalJson.toBytes(List.of(new Object()))).isInstanceOf(PraetorException.class);
        Map<Object, Object> intKey = new HashMap<>();
        intKey.put(1, "x");
        assertThatThrownBy(() -> CanonicalJson.toBytes(intKey)).isInstanceOf(PraetorException.class);
    }

    /** RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text. */
    @ParameterizedTest
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void formatsNumbers_asRfc8785AppendixB(String bits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

        assertThat(CanonicalJson.numberToString(d)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "1e21, 1e+21",
        "1e20, 100000000000000000000",
        "1e-7, 1e-7",
        "1e-6, 0.000001",
        "0.000001, 0.000001",
        "-0.0, 0",
        "4.5, 4.5",
        "4.50, 4.5",
        "1E30, 1e+30",
        "2e-3, 0.002",
        "123e-20, 1.23e-18",
        "0.1, 0.1",
        "100, 100",
        "-1.5, -1.5",
        "1.0, 1",
        "5e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "12345678901234567890, 12345678901234567000",
        "0.3, 0.3",
        "2.5e-7, 2.5e-7",
    })
    void formatsNumbers_asEcmaScriptDoes(double d, String expected) {
        assertThat(CanonicalJson.numberToString(d)).isEqualTo(expected);
    }

    @Test
    void writesIntegers_asExactDecimalsWithinDoublePrecision_andAsTheNearestDoubleBeyond() {
        assertThat(CanonicalJson.toJson(List.of(0L, -1L, 42, (short) 7, (byte) -3, 9007199254740992L, -9007199254740992L)))
                .isEqualTo("[0,-1,42,7,-3,9007199254740992,-9007199254740992]");
        // 2^53 + 1 is not a double: JCS writes the double it reads as, like every JavaScript implementation.
        assertThat(CanonicalJson.toJson(9007199254740993L)).isEqualTo("9007199254740992");
        assertThat(CanonicalJson.toJson(Long.MAX_VALUE)).isEqualTo("9223372036854776000");
        assertThat(CanonicalJson.toJson(Long.MIN_VALUE)).isEqualTo("-9223372036854776000");
        assertThat(CanonicalJson.toJson(new BigInteger("100000000000000000000000"))).isEqualTo("1e+23");
    }

    /** 6,000 doubles (random bit patterns, subnormals, powers of ten) with node.js's String(x) as oracle. */
    @Test
    void formatsNumbers_likeNodeForSixThousandDoubles() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int count = 0;
        try (var in = getClass().getResourceAsStream("es-number-vectors.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] parts = line.split(" ");
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
                count++;
                String actual = CanonicalJson.numberToString(d);
                if (!actual.equals(parts[1])) mismatches.add(parts[0] + ": expected " + parts[1] + " got " + actual);
            }
        }
        assertThat(count).isGreaterThan(6000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void numberOutput_readsBackAsTheSameDouble() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(d) || Double.isInfinite(d)) continue;
            String s = CanonicalJson.numberToString(d);
            assertThat(Double.parseDouble(s)).as(s).isEqualTo(d == 0 ? 0.0 : d);
        }
    }

    @Test
    void sha256Hex_hashesTheCanonicalBytes() throws Exception {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("b", 2L);
        a.put("a", 1L);
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256")
                .digest("{\"a\":1,\"b\":2}".getBytes(StandardCharsets.UTF_8));

        assertThat(CanonicalJson.sha256Hex(a)).isEqualTo(HexFormat.of().formatHex(expected));
        assertThat(CanonicalJson.sha256Hex(Map.of("a", 1L, "b", 2L))).isEqualTo(CanonicalJson.sha256Hex(a));
    }

    @Test
    void readingThenCanonicalising_isIdempotent() {
        String ok = "{\"x\":[1.50,{\"é\":true,\"a\":null}],\"n\":-0.0,\"i\":123456789012345678901234567890}";
        String once = CanonicalJson.toJson(JsonTreeReader.read(ok));
        assertThat(once).isEqualTo("{\"i\":1.2345678901234568e+29,\"n\":0,\"x\":[1.5,{\"a\":null,\"é\":true}]}");
        assertThat(CanonicalJson.toJson(JsonTreeReader.read(once))).isEqualTo(once);
        assertThat(Arrays.equals(CanonicalJson.toBytes(JsonTreeReader.read(once)), once.getBytes(StandardCharsets.UTF_8))).isTrue();
    }
}
