package io.praetor.domain.act;

import static io.praetor.domain.act.TestJson.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPatchDiffTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> patch(String json) {
        return (List<Map<String, Object>>) (List<?>) parse(json);
    }

    /** RFC 6902 appendix A examples whose minimal patch is exactly the RFC's patch. */
    @ParameterizedTest(name = "RFC 6902 {0}")
    @CsvSource(delimiter = '|', value = {
        "A.1 adding an object member|{'foo':'bar'}|{'baz':'qux','foo':'bar'}|[{'op':'add','path':'/baz','value':'qux'}]",
        "A.2 adding an array element|{'foo':['bar','baz']}|{'foo':['bar','qux','baz']}|[{'op':'add','path':'/foo/1','value':'qux'}]",
        "A.3 removing an object member|{'baz':'qux','foo':'bar'}|{'foo':'bar'}|[{'op':'remove','path':'/baz'}]",
        "A.4 removing an array element|{'foo':['bar','qux','baz']}|{'foo':['bar','baz']}|[{'op':'remove','path':'/foo/1'}]",
        "A.5 replacing a value|{'baz':'qux','foo':'bar'}|{'baz':'boo','foo':'bar'}|[{'op':'replace','path':'/baz','value':'boo'}]",
        "A.10 adding a nested member object|{'foo':'bar'}|{'foo':'bar','child':{'grandchild':{}}}|[{'op':'add','path':'/child','value':{'grandchild':{}}}]",
        "A.11 ignoring unrecognized elements|{'foo':'bar'}|{'foo':'bar','baz':'qux'}|[{'op':'add','path':'/baz','value':'qux'}]",
    })
    void diff_equalsTheRfcPatch(String name, String source, String target, String expected) {
        List<Map<String, Object>> ops = JsonPatchDiff.diff(parse(source), parse(target));

        assertThat(ops).isEqualTo(patch(expected));
        assertThat(JsonPatchDiff.jsonEquals(JsonPatchApplier.apply(parse(source), ops), parse(target))).isTrue();
    }

    /** RFC 6902 examples that use move or '-': our patch differs in form but must have the same effect. */
    @ParameterizedTest(name = "RFC 6902 {0}")
    @CsvSource(delimiter = '|', value = {
        "A.6 moving a value|{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}|{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}|[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]",
        "A.7 moving an array element|{'foo':['all','grass','cows','eat']}|{'foo':['all','cows','eat','grass']}|[{'op':'move','from':'/foo/1','path':'/foo/3'}]",
        "A.16 adding an array value|{'foo':['bar']}|{'foo':['bar',['abc','def']]}|[{'op':'add','path':'/foo/-','value':['abc','def']}]",
    })
    void diff_hasTheSameEffectAsTheRfcPatch(String name, String source, String target, String rfcPatch) {
        Object viaRfc = JsonPatchApplier.apply(parse(source), patch(rfcPatch));
        Object viaDiff = JsonPatchApplier.apply(parse(source), JsonPatchDiff.diff(parse(source), parse(target)));

        assertThat(JsonPatchDiff.jsonEquals(viaRfc, parse(target))).isTrue();
        assertThat(JsonPatchDiff.jsonEquals(viaDiff, parse(target))).isTrue();
        assertThat(JsonPatchDiff.diff(parse(source), parse(target))).noneMatch(op -> op.get("op").equals("move"));
    }

    @Test
    void diff_escapesTildeBeforeSlash_asRfc6902A14() {
        List<Map<String, Object>> ops = JsonPatchDiff.diff(parse("{'/':9,'~1':10}"), parse("{'/':8,'~1':11}"));

        assertThat(ops).isEqualTo(patch(
                "[{'op':'replace','path':'/~1','value':8},{'op':'replace','path':'/~01','value':11}]"));
    }

    @Test
    void jsonEquals_tellsStringsFromNumbers_asRfc6902A15() {
        assertThat(JsonPatchDiff.jsonEquals("10", 10L)).isFalse();
        assertThat(JsonPatchDiff.diff(parse("{'a':'10'}"), parse("{'a':10}")))
                .isEqualTo(patch("[{'op':'replace','path':'/a','value':10}]"));
    }

    @Test
    void diff_isEmptyForEqualTrees_ignoringMemberOrderAndNumberForm() {
        assertThat(JsonPatchDiff.diff(parse("{'a':1,'b':[1,2.5,{'c':null}]}"), parse("{'b':[1.0,2.5,{'c':null}],'a':1.0}")))
                .isEmpty();
    }

    @Test
    void diff_keepsNullValues() {
        assertThat(JsonPatchDiff.diff(parse("{}"), parse("{'a':null}")))
                .isEqualTo(patch("[{'op':'add','path':'/a','value':null}]"));
        assertThat(JsonPatchDiff.diff(parse("{'a':1}"), parse("{'a':null}")))
                .isEqualTo(patch("[{'op':'replace','path':'/a','value':null}]"));
    }

    @Test
    void diff_replacesTheRootWhenTheKindDiffers() {
        assertThat(JsonPatchDiff.diff(parse("{'a':1}"), parse("[1]")))
                .isEqualTo(patch("[{'op':'replace','path':'','value':[1]}]"));
    }

    @Test
    void diff_removesSeveralArrayElementsFromTheHighestIndexDown() {
        assertThat(JsonPatchDiff.diff(parse("[1,2,3,4,5]"), parse("[1,5]")))
                .isEqualTo(patch("[{'op':'remove','path':'/3'},{'op':'remove','path':'/2'},{'op':'remove','path':'/1'}]"));
    }

    @Test
    void diff_recursesIntoChangedArrayElements() {
        assertThat(JsonPatchDiff.diff(parse("[{'a':1,'b':2}]"), parse("[{'a':1,'b':3}]")))
                .isEqualTo(patch("[{'op':'replace','path':'/0/b','value':3}]"));
    }

    @Test
    void diff_appliedToTheSource_alwaysGivesTheTarget() {
        Random random = new Random(6902);
        for (int i = 0; i < 2000; i++) {
            Object source = randomTree(random, 3);
            Object target = random.nextInt(4) == 0 ? randomTree(random, 3) : mutate(random, source, 3);
            List<Map<String, Object>> ops = JsonPatchDiff.diff(source, target);
            Object patched = JsonPatchApplier.apply(source, ops);
            assertThat(JsonPatchDiff.jsonEquals(patched, target))
                    .as("source %s target %s patch %s", source, target, ops).isTrue();
        }
    }

    private static Object randomTree(Random r, int depth) {
        int kind = depth <= 0 ? r.nextInt(4) : r.nextInt(6);
        return switch (kind) {
            case 0 -> (long) r.nextInt(3);
            case 1 -> "s" + r.nextInt(3);
            case 2 -> r.nextBoolean();
            case 3 -> null;
            case 4 -> {
                Map<String, Object> m = new LinkedHashMap<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) m.put(List.of("a", "b/c", "~d", "e").get(r.nextInt(4)), randomTree(r, depth - 1));
                yield m;
            }
            default -> {
                List<Object> l = new ArrayList<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) l.add(randomTree(r, depth - 1));
                yield l;
            }
        };
    }

    private static Object mutate(Random r, Object tree, int depth) {
        if (tree instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                int roll = r.nextInt(5);
                if (roll == 0) return;
                copy.put((String) k, roll == 1 ? randomTree(r, depth - 1) : mutate(r, v, depth - 1));
            });
            if (r.nextBoolean()) copy.put("new" + r.nextInt(2), randomTree(r, Math.max(0, depth - 1)));
            return copy;
        }
        if (tree instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            for (Object v : l) {
                int roll = r.nextInt(5);
                if (roll == 0) continue;
                if (roll == 1) copy.add(randomTree(r, Math.max(0, depth - 1)));
                copy.add(mutate(r, v, depth - 1));
            }
            if (r.nextBoolean()) copy.add(r.nextInt(copy.size() + 1), randomTree(r, Math.max(0, depth - 1)));
            return copy;
        }
        return r.nextInt(3) == 0 ? randomTree(r, 0) : tree;
    }
}
