package io.praetor.adapters.memory;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.aFinding;
import static io.praetor.testkit.fixtures.Fixtures.aResource;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceQuery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The memory stores at the sizes the embedded engine is meant for; correctness only (speed is in bench/). */
@Tag("slow")
class InMemoryStoresAtScaleTest {
    private static final int N = 100_000;

    @Test
    void aHundredThousandResources_pageAndDiffCompletely() {
        InMemoryResourceStore store = new InMemoryResourceStore(new InMemoryTransactions());
        List<Resource> resources = new ArrayList<>(N);
        List<String> ids = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            String id = String.format("arn:aws:s3:::bucket-%06d", i);
            ids.add(id);
            resources.add(aResource().withId(id).withName("bucket-" + i).build());
        }
        store.putAll(TENANT_A, resources);

        assertThat(store.count(TENANT_A)).isEqualTo(N);
        assertThat(store.versions(TENANT_A, ids)).hasSize(N);
        long seen = 0;
        PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<Resource> page = store.query(TENANT_A, ResourceQuery.all(), request);
            seen += page.items().size();
            if (page.nextCursor().isEmpty()) break;
            request = new PageRequest(PageRequest.MAX_LIMIT, page.nextCursor());
        }
        assertThat(seen).isEqualTo(N);
    }

    @Test
    void aHundredThousandFindings_countAndLookUpByPair() {
        InMemoryFindingStore store = new InMemoryFindingStore(new InMemoryTransactions());
        List<Finding> findings = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            findings.add(aFinding().withId("f-" + i).withPolicy("p-" + (i % 50)).withResource("r-" + i)
                    .withStatus(i % 4 == 0 ? FindingStatus.RESOLVED : FindingStatus.OPEN).build());
        }
        store.putAll(TENANT_A, findings);

        assertThat(store.count(TENANT_A, FindingQuery.all().withStatus(FindingStatus.OPEN))).isEqualTo(N * 3 / 4);
        assertThat(store.forPolicy(TENANT_A, "p-7")).hasSize(N / 50);
        for (int i = 0; i < N; i += 997) {
            assertThat(store.find(TENANT_A, "p-" + (i % 50), "r-" + i)).isPresent();
        }
    }
}
