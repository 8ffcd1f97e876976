package io.praetor.domain.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.TenantId;
import io.praetor.ports.inventory.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoalescingChangeListenerTest {
    private static final TenantId T = TenantId.of("t1");

    private static Resource bucket(String id, long version) {
        return Resource.of(id, "aws.s3.bucket", id, "us-east-1", "111111111111", Map.of(), Map.of(), "test",
                Instant.parse("2026-11-26T00:00:00Z")).withVersion(version);
    }

    private static ResourceChange created(String id) {
        return new ResourceChange.Created(bucket(id, 1));
    }

    @Test
    void aLoneCallerIsHandledAtOnceWithItsOwnChanges() {
        List<List<ResourceChange>> calls = new ArrayList<>();
        var listener = new CoalescingChangeListener((t, c) -> calls.add(c));
        listener.onChanges(T, List.of(created("a"), created("b")));
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).extracting(ResourceChange::id).containsExactly("a", "b");
    }

    @Test
    void writersArrivingWhileABatchRunsAreHandledTogether_andEachReturnsOnlyAfterItsChangesWereHandled() throws Exception {
        CountDownLatch firstEntered = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        Set<String> handled = ConcurrentHashMap.newKeySet();
        var listener = new CoalescingChangeListener((t, changes) -> {
            if (batches.isEmpty()) {
                firstEntered.countDown();
                try {
                    releaseFirst.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            batches.add(changes.stream().map(ResourceChange::id).toList());
            changes.forEach(c -> handled.add(c.id()));
        });
        Thread first = Thread.ofPlatform().start(() -> listener.onChanges(T, List.of(created("first"))));
        assertThat(firstEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<Thread> later = new ArrayList<>();
        Set<String> missingOnReturn = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 8; i++) {
            String id = "w" + i;
            later.add(Thread.ofPlatform().start(() -> {
                listener.onChanges(T, List.of(created(id)));
                if (!handled.contains(id)) missingOnReturn.add(id);
            }));
        }
        Thread.sleep(200); // let them queue behind the running batch
        releaseFirst.countDown();
        first.join(10_000);
        for (Thread t : later) t.join(10_000);

        assertThat(missingOnReturn).isEmpty();
        assertThat(batches.get(0)).containsExactly("first");
        assertThat(batches.subList(1, batches.size()).stream().flatMap(List::stream))
                .containsExactlyInAnyOrder("w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7");
        assertThat(batches).hasSizeLessThan(9); // at least two of the eight shared a call
    }

    @Test
    void aResourceChangedTwiceInOneBatchIsHandedOverOnceAtItsHighestVersion() {
        Resource v1 = bucket("r", 1);
        Resource v2 = bucket("r", 2);
        Resource v3 = bucket("r", 3);
        var batch = CoalescingChangeListener.latestPerResource(List.of(new ResourceChange.Updated(v2, v3),
                created("x"), new ResourceChange.Updated(v1, v2), new ResourceChange.Deleted(bucket("x", 1))));
        assertThat(batch).hasSize(2);
        assertThat(batch.get(0)).isEqualTo(new ResourceChange.Updated(v2, v3));
        assertThat(batch.get(1)).isInstanceOf(ResourceChange.Deleted.class);
    }

    @Test
    void aFailingBatchFailsItsCallers_andTheNextBatchRunsNormally() {
        List<String> seen = new ArrayList<>();
        var listener = new CoalescingChangeListener((t, changes) -> {
            if (changes.get(0).id().equals("bad")) throw new IllegalStateException("store down");
            seen.add(changes.get(0).id());
        });
        assertThatThrownBy(() -> listener.onChanges(T, List.of(created("bad")))).hasMessage("store down");
        listener.onChanges(T, List.of(created("good")));
        assertThat(seen).containsExactly("good");
    }
}
