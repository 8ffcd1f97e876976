package io.praetor.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdSortTest {
    /** An id and the place it had in the input, to see that equal ids keep their order. */
    private record Item(String id, int input) {}

    private static void assertSortsLikeStringOrder(String[] ids) {
        Item[] items = new Item[ids.length];
        for (int i = 0; i < ids.length; i++) items[i] = new Item(ids[i], i);
        Item[] expected = items.clone();
        Arrays.sort(expected, Comparator.comparing(Item::id)); // stable
        boolean repeated = Arrays.stream(ids).distinct().count() < ids.length;

        IdSort.Sorted sorted = IdSort.sort(ids);

        Item[] actual = Arrays.stream(sorted.order()).mapToObj(i -> items[i]).toArray(Item[]::new);
        assertThat(actual).containsExactly(expected);
        assertThat(sorted.repeats()).isEqualTo(repeated);
    }

    @Test
    void findingIds_comeOutInStringOrder() {
        Random random = new Random(1);
        String[] ids = new String[20_000];
        for (int i = 0; i < ids.length; i++) ids[i] = "f-" + new UUID(random.nextLong(), random.nextLong());
        assertSortsLikeStringOrder(ids);
    }

    @Test
    void repeatedIds_keepTheirInputOrder() {
        Random random = new Random(2);
        String[] ids = new String[10_000];
        for (int i = 0; i < ids.length; i++) ids[i] = "f-" + random.nextInt(500);
        assertSortsLikeStringOrder(ids);
    }

    @Test
    void prefixesOfOtherIds_shortIds_andZeroChars_sortBeforeTheLongerIds() {
        Random random = new Random(3);
        String[] ids = new String[10_000];
        for (int i = 0; i < ids.length; i++) {
            StringBuilder s = new StringBuilder("common-");
            int length = random.nextInt(9);
            for (int c = 0; c < length; c++) s.append("ab\u0000c".charAt(random.nextInt(4)));
            ids[i] = s.toString();
        }
        assertSortsLikeStringOrder(ids);
    }

    @Test
    void charsBeyondLatin1_andNoCommonPrefix_stillSortLikeStrings() {
        Random random = new Random(4);
        String alphabet = "aZ\u00e9\u00ff\u0100\u4e2d\ud83d\ude00~";
        String[] ids = new String[10_000];
        for (int i = 0; i < ids.length; i++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int c = 0; c < length; c++) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            ids[i] = s.toString();
        }
        assertSortsLikeStringOrder(ids);
    }

    @Test
    void hexIds_withFewCharsOfTheirOwn_sortLikeStrings() {
        // 8 hex digits are keyed; ids that differ only after them are ties compared in full
        Random random = new Random(5);
        String[] ids = new String[30_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "f-" + String.format("%06x", random.nextInt(1 << 12)) + String.format("%08x", random.nextInt());
        }
        assertSortsLikeStringOrder(ids);
    }

    @Test
    void smallBatches_sortLikeStringsToo() {
        assertSortsLikeStringOrder(new String[] {"b", "a", "c", "a", ""});
        assertSortsLikeStringOrder(new String[0]);
    }
}
