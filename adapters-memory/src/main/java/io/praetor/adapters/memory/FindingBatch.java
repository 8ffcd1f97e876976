package io.praetor.adapters.memory;

import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * A write of findings laid out for {@link InMemoryFindingStore}: the last write of each id in id
 * order, the findings grouped by resource (each group in id order), each finding's policy as a number
 * and the count of each status. Reading half a million findings in id order missed the cache at
 * every finding, once per index; so each finding is read once, in the order it came (a scan makes a
 * resource's findings one after another), and the rest works on arrays of numbers (ADR 0042).
 */
final class FindingBatch {
    /** A resource's findings of the batch, in id order, and the number of each one's policy. */
    record Group(String resourceId, Finding[] findings, int[] policies) {}

    private final String[] ids;
    private final Finding[] values;
    private final String[] policies;
    private final int[] policyOf;
    private final long[] statusCounts;
    private final List<Group> groups;
    private final boolean parallel;

    private FindingBatch(String[] ids, Finding[] values, String[] policies, int[] policyOf, long[] statusCounts,
                         List<Group> groups, boolean parallel) {
        this.ids = ids;
        this.values = values;
        this.policies = policies;
        this.policyOf = policyOf;
        this.statusCounts = statusCounts;
        this.groups = groups;
        this.parallel = parallel;
    }

    static FindingBatch of(Finding[] batch) {
        int n = batch.length;
        boolean parallel = n >= InMemoryFindingStore.PARALLEL_BATCH;
        String[] inputIds = new String[n];
        forEach(n, parallel, i -> inputIds[i] = batch[i].id());
        IdSort.Sorted sorted = IdSort.sort(inputIds);
        int[] kept = sorted.order();
        if (sorted.repeats()) kept = lastOfEachId(inputIds, kept);
        int m = kept.length;
        // each kept write's place in id order; -1: a later write of its id replaces it
        int[] rank = new int[n];
        if (m < n) Arrays.fill(rank, -1);
        String[] ids = new String[m];
        Finding[] values = new Finding[m];
        int[] order = kept;
        forEach(m, parallel, k -> {
            rank[order[k]] = k;
            ids[k] = inputIds[order[k]];
            values[k] = batch[order[k]];
        });
        // one pass in the order the findings came: their resource's group, their policy and their status.
        // Numbers are got, then put when absent: computeIfAbsent's capturing lambda was an object per finding
        Map<String, Integer> groupNumbers = new HashMap<>();
        List<String> groupResources = new ArrayList<>();
        Map<String, Integer> policyNumbers = new HashMap<>();
        List<String> policies = new ArrayList<>();
        int[] groupOf = new int[n];
        int[] groupSize = new int[m];
        int[] policyOfInput = new int[n];
        long[] statusCounts = new long[FindingStatus.values().length];
        String lastResource = null;
        int group = -1;
        for (int i = 0; i < n; i++) {
            if (rank[i] < 0) continue;
            Finding f = batch[i];
            String r = f.resourceId();
            if (!r.equals(lastResource)) {
                Integer known = groupNumbers.get(r);
                if (known == null) {
                    known = groupResources.size();
                    groupResources.add(r);
                    groupNumbers.put(r, known);
                }
                group = known;
                lastResource = r;
            }
            groupOf[i] = group;
            groupSize[group]++;
            Integer policy = policyNumbers.get(f.policyId());
            if (policy == null) {
                policy = policies.size();
                policies.add(f.policyId());
                policyNumbers.put(f.policyId(), policy);
            }
            policyOfInput[i] = policy;
            statusCounts[f.status().ordinal()]++;
        }
        int groupCount = groupResources.size();
        // each group's ranks, in id order: the groups' findings are the values at those ranks
        int[] start = new int[groupCount + 1];
        for (int g = 0; g < groupCount; g++) start[g + 1] = start[g] + groupSize[g];
        int[] fill = Arrays.copyOf(start, groupCount);
        int[] ranks = new int[m];
        for (int i = 0; i < n; i++) {
            if (rank[i] >= 0) ranks[fill[groupOf[i]]++] = rank[i];
        }
        int[] policyOf = new int[m];
        forEach(m, parallel, k -> policyOf[k] = policyOfInput[order[k]]);
        Group[] groups = new Group[groupCount];
        forEach(groupCount, parallel, g -> {
            Arrays.sort(ranks, start[g], start[g + 1]);
            Finding[] findings = new Finding[start[g + 1] - start[g]];
            int[] groupPolicies = new int[findings.length];
            for (int j = 0; j < findings.length; j++) {
                findings[j] = values[ranks[start[g] + j]];
                groupPolicies[j] = policyOf[ranks[start[g] + j]];
            }
            groups[g] = new Group(groupResources.get(g), findings, groupPolicies);
        });
        return new FindingBatch(ids, values, policies.toArray(String[]::new), policyOf, statusCounts, List.of(groups),
                parallel);
    }

    /** Of each run of one id in {@code order} (in input order, the sort being stable), the last write only. */
    private static int[] lastOfEachId(String[] inputIds, int[] order) {
        int[] out = new int[order.length];
        int m = 0;
        for (int k = 0; k < order.length; k++) {
            if (k + 1 < order.length && inputIds[order[k + 1]].equals(inputIds[order[k]])) continue;
            out[m++] = order[k];
        }
        return Arrays.copyOf(out, m);
    }

    /** Runs {@code body} for 0..n-1: on every core, or in a plain loop (an edit's write makes no stream). */
    private static void forEach(int n, boolean parallel, IntConsumer body) {
        if (parallel) {
            IntStream.range(0, n).parallel().forEach(body);
        } else {
            for (int i = 0; i < n; i++) body.accept(i);
        }
    }

    /** The ids, ascending and distinct. */
    String[] ids() {
        return ids;
    }

    /** The last write of each id, in the order of {@link #ids()}. */
    Finding[] values() {
        return values;
    }

    /** The policy ids of the batch; {@link #policyOf()} numbers them. */
    String[] policies() {
        return policies;
    }

    /** The number in {@link #policies()} of each value's policy. */
    int[] policyOf() {
        return policyOf;
    }

    /** How many values have each status, by ordinal (a copy). */
    long[] statusCounts() {
        return statusCounts.clone();
    }

    /** The values by resource, each resource once, in the order the batch first wrote it. */
    List<Group> groups() {
        return groups;
    }

    /** Whether the batch is large enough to be indexed on every core. */
    boolean parallel() {
        return parallel;
    }
}
