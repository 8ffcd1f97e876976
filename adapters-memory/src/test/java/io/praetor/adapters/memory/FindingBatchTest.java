package io.praetor.adapters.memory;

import static io.praetor.testkit.fixtures.Fixtures.aFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FindingBatchTest {
    /** Findings of resources written in no order, some ids more than once (the later write wins). */
    private static List<Finding> shuffledWithRepeats(int n, long seed) {
        Random random = new Random(seed);
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = random.nextInt(n * 3 / 4);
            FindingStatus status = FindingStatus.values()[random.nextInt(FindingStatus.values().length)];
            out.add(aFinding().withId("f-" + Integer.toHexString(id * 7919)).withPolicy("p" + id % 11)
                    .withResource("r-" + id % 997).withStatus(status).build());
        }
        Collections.shuffle(out, random);
        return out;
    }

    private static void assertLaidOutLikeTheWrites(List<Finding> writes) {
        TreeMap<String, Finding> last = new TreeMap<>();
        for (Finding f : writes) last.put(f.id(), f);

        FindingBatch batch = FindingBatch.of(writes.toArray(Finding[]::new));

        assertThat(batch.ids()).containsExactlyElementsOf(last.keySet());
        assertThat(batch.values()).containsExactlyElementsOf(last.values());
        for (int k = 0; k < batch.values().length; k++) {
            assertThat(batch.policies()[batch.policyOf()[k]]).isEqualTo(batch.values()[k].policyId());
        }
        Map<String, List<Finding>> byResource = new LinkedHashMap<>();
        for (Finding f : writes) {
            if (last.get(f.id()) == f) byResource.computeIfAbsent(f.resourceId(), r -> new ArrayList<>()).add(f);
        }
        assertThat(batch.groups()).extracting(FindingBatch.Group::resourceId).containsExactlyElementsOf(byResource.keySet());
        for (FindingBatch.Group g : batch.groups()) {
            List<Finding> expected = new ArrayList<>(byResource.get(g.resourceId()));
            expected.sort(Comparator.comparing(Finding::id));
            assertThat(g.findings()).containsExactlyElementsOf(expected);
            for (int j = 0; j < g.findings().length; j++) {
                assertThat(batch.policies()[g.policies()[j]]).isEqualTo(g.findings()[j].policyId());
            }
        }
        long[] statuses = new long[FindingStatus.values().length];
        for (Finding f : last.values()) statuses[f.status().ordinal()]++;
        assertThat(batch.statusCounts()).containsExactly(statuses);
    }

    @Test
    void aScansSizeOfWrites_inNoOrder_withRepeats_isLaidOutLikeTheLastWriteOfEachId() {
        List<Finding> writes = shuffledWithRepeats(InMemoryFindingStore.PARALLEL_BATCH * 3, 1);
        assertThat(FindingBatch.of(writes.toArray(Finding[]::new)).parallel()).isTrue();
        assertLaidOutLikeTheWrites(writes);
    }

    @Test
    void anEditsFewWrites_areLaidOutTheSameWay() {
        List<Finding> writes = shuffledWithRepeats(40, 2);
        assertThat(FindingBatch.of(writes.toArray(Finding[]::new)).parallel()).isFalse();
        assertLaidOutLikeTheWrites(writes);
    }

    @Test
    void statusCounts_isACopy() {
        FindingBatch batch = FindingBatch.of(new Finding[] {aFinding().withId("f-1").build()});
        batch.statusCounts()[0] = 99;
        assertThat(Arrays.stream(batch.statusCounts()).sum()).isEqualTo(1);
    }
}
