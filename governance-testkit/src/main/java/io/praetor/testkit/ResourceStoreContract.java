package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.aResource;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.SortOrder;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.inventory.ResourceScope;
import io.praetor.ports.inventory.ResourceStore;
import io.praetor.ports.inventory.ResourceStore.StoredVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ResourceStore} must do. Subclasses return a new, empty store. */
public abstract class ResourceStoreContract {
    protected abstract ResourceStore newStore();

    private ResourceStore store;

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    private static List<Resource> allPages(ResourceStore store, ResourceQuery query, int limit) {
        List<Resource> all = new ArrayList<>();
        PageRequest request = PageRequest.first(limit);
        for (int pages = 0; pages < 1000; pages++) {
            Page<Resource> page = store.query(TENANT_A, query, request);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            all.addAll(page.items());
            if (page.nextCursor().isEmpty()) return all;
            request = new PageRequest(limit, page.nextCursor());
        }
        throw new AssertionError("paging did not end");
    }

    private static List<String> ids(List<Resource> resources) {
        return resources.stream().map(Resource::id).toList();
    }

    @Test
    void putAll_thenGet_returnsTheStoredResource() {
        Resource r = aResource().withId("r-1").withTag("owner", "x").withProperty("public", true).build();

        store.putAll(TENANT_A, List.of(r));

        assertThat(store.get(TENANT_A, "r-1")).contains(r);
        assertThat(store.get(TENANT_A, "r-2")).isEmpty();
    }

    @Test
    void reads_neverSeeAnotherTenantsResources() {
        Resource r = aResource().withId("r-1").build();
        store.putAll(TENANT_A, List.of(r));

        assertThat(store.get(TENANT_B, "r-1")).isEmpty();
        assertThat(store.query(TENANT_B, ResourceQuery.all(), PageRequest.firstPage()).items()).isEmpty();
        assertThat(store.count(TENANT_B)).isZero();
        assertThat(store.versions(TENANT_B, List.of("r-1"))).isEmpty();
        List<Resource> seen = new ArrayList<>();
        store.forEach(TENANT_B, ResourceQuery.all(), seen::add);
        assertThat(seen).isEmpty();
        assertThat(store.idsInScope(TENANT_B, new ResourceScope(r.source(), r.provider(), r.account(), r.region(),
                Set.of(r.type())))).isEmpty();
        assertThat(store.deleteAll(TENANT_B, List.of("r-1"))).isEmpty();
        assertThat(store.get(TENANT_A, "r-1")).contains(r);
    }

    @Test
    void putAll_replacesAResourceWithTheSameId() {
        store.putAll(TENANT_A, List.of(aResource().withId("r-1").withName("old").withVersion(1).build()));
        Resource newer = aResource().withId("r-1").withName("new").withVersion(2).build();

        store.putAll(TENANT_A, List.of(newer));

        assertThat(store.get(TENANT_A, "r-1")).contains(newer);
        assertThat(store.count(TENANT_A)).isEqualTo(1);
    }

    @Test
    void deleteAll_removesAndReturnsOnlyTheIdsThatExisted() {
        store.putAll(TENANT_A, List.of(aResource().withId("r-1").build(), aResource().withId("r-2").build()));

        assertThat(store.deleteAll(TENANT_A, List.of("r-1", "missing"))).containsExactly("r-1");
        assertThat(store.get(TENANT_A, "r-1")).isEmpty();
        assertThat(store.get(TENANT_A, "r-2")).isPresent();
        assertThat(store.count(TENANT_A)).isEqualTo(1);
    }

    @Test
    void getAll_returnsTheIdsThatExist_ofTheTenantOnly() {
        Resource r1 = aResource().withId("r-1").withVersion(3).build();
        Resource r2 = aResource().withId("r-2").withName("second").build();
        store.putAll(TENANT_A, List.of(r1, r2));
        store.putAll(TENANT_B, List.of(aResource().withId("r-3").build()));

        assertThat(store.getAll(TENANT_A, List.of("r-1", "r-2", "r-3", "r-1")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("r-1", r1, "r-2", r2));
        assertThat(store.getAll(TENANT_A, List.of())).isEmpty();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) many.add("missing-" + i);
        many.add("r-2");
        assertThat(store.getAll(TENANT_A, many)).containsOnlyKeys("r-2");
    }

    @Test
    void versions_returnsVersionAndContentHashOfTheIdsThatExist() {
        store.putAll(TENANT_A, List.of(
                aResource().withId("r-1").withVersion(3).withContentHash("abc").build(),
                aResource().withId("r-2").withVersion(1).withContentHash("def").build()));

        Map<String, StoredVersion> versions = store.versions(TENANT_A, List.of("r-1", "r-2", "r-3"));

        assertThat(versions).containsExactlyInAnyOrderEntriesOf(Map.of(
                "r-1", new StoredVersion(3, "abc"), "r-2", new StoredVersion(1, "def")));
    }

    @Test
    void query_listsByIdWhenNoSortIsGiven() {
        store.putAll(TENANT_A, List.of(aResource().withId("c").build(), aResource().withId("a").build(),
                aResource().withId("b").build()));

        assertThat(ids(store.query(TENANT_A, ResourceQuery.all(), PageRequest.firstPage()).items()))
                .containsExactly("a", "b", "c");
    }

    @Test
    void query_pagesWithCursorsThroughEveryResourceExactlyOnce() {
        List<Resource> resources = new ArrayList<>();
        for (int i = 0; i < 25; i++) resources.add(aResource().withId(String.format("r-%02d", i)).build());
        store.putAll(TENANT_A, resources);

        Page<Resource> first = store.query(TENANT_A, ResourceQuery.all(), PageRequest.first(10));
        assertThat(first.items()).hasSize(10);
        assertThat(first.nextCursor()).isPresent();
        assertThat(ids(allPages(store, ResourceQuery.all(), 10))).isEqualTo(ids(resources));
    }

    @Test
    void query_lastPageHasNoCursor() {
        store.putAll(TENANT_A, List.of(aResource().withId("a").build(), aResource().withId("b").build()));

        Page<Resource> page = store.query(TENANT_A, ResourceQuery.all(), PageRequest.first(2));

        assertThat(page.items()).hasSize(2);
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void query_filtersByExactTypeAndByTypePrefix() {
        store.putAll(TENANT_A, List.of(
                aResource().withId("b1").withType("aws.s3.bucket").build(),
                aResource().withId("p1").withType("aws.s3.bucket_policy").build(),
                aResource().withId("i1").withType("aws.ec2.instance").build()));

        assertThat(ids(allPages(store, ResourceQuery.ofType("aws.s3.bucket"), 10))).containsExactly("b1");
        assertThat(ids(allPages(store, ResourceQuery.ofType("aws.s3.*"), 10))).containsExactly("b1", "p1");
    }

    @Test
    void query_filtersByTagsRegionAccountProviderAndSource() {
        store.putAll(TENANT_A, List.of(
                aResource().withId("a").withTag("owner", "x").withRegion("eu-west-1").build(),
                aResource().withId("b").withTag("owner", "y").withAccount("999").withSource("aws-config").build(),
                aResource().withId("c").withType("azure.storage.account").build()));
        ResourceQuery all = ResourceQuery.all();

        assertThat(ids(allPages(store, new ResourceQuery(all.provider(), all.type(), all.region(), all.account(),
                all.source(), Map.of("owner", "x"), all.text(), all.id(), all.sort()), 10))).containsExactly("a");
        assertThat(ids(allPages(store, new ResourceQuery(all.provider(), all.type(), Optional.of("eu-west-1"),
                all.account(), all.source(), Map.of(), all.text(), all.id(), all.sort()), 10))).containsExactly("a");
        assertThat(ids(allPages(store, new ResourceQuery(all.provider(), all.type(), all.region(),
                Optional.of("999"), all.source(), Map.of(), all.text(), all.id(), all.sort()), 10)))
                .containsExactly("b");
        assertThat(ids(allPages(store, new ResourceQuery(Optional.of("azure"), all.type(), all.region(),
                all.account(), all.source(), Map.of(), all.text(), all.id(), all.sort()), 10))).containsExactly("c");
        assertThat(ids(allPages(store, new ResourceQuery(all.provider(), all.type(), all.region(),
                all.account(), Optional.of("aws-config"), Map.of(), all.text(), all.id(), all.sort()), 10)))
                .containsExactly("b");
    }

    @Test
    void query_textMatchesIdOrNameIgnoringCase() {
        store.putAll(TENANT_A, List.of(
                aResource().withId("arn:aws:s3:::Logs").withName("one").build(),
                aResource().withId("arn:aws:s3:::data").withName("LOGS-archive").build(),
                aResource().withId("arn:aws:s3:::other").withName("other").build()));
        ResourceQuery all = ResourceQuery.all();
        ResourceQuery text = new ResourceQuery(all.provider(), all.type(), all.region(), all.account(), all.source(),
                Map.of(), Optional.of("logs"), all.id(), all.sort());

        assertThat(ids(allPages(store, text, 10))).containsExactly("arn:aws:s3:::Logs", "arn:aws:s3:::data");
    }

    @Test
    void query_filtersById() {
        store.putAll(TENANT_A, List.of(aResource().withId("a").build(), aResource().withId("b").build()));
        ResourceQuery all = ResourceQuery.all();
        ResourceQuery byId = new ResourceQuery(all.provider(), all.type(), all.region(), all.account(), all.source(),
                Map.of(), all.text(), Optional.of("b"), all.sort());

        assertThat(ids(allPages(store, byId, 10))).containsExactly("b");
    }

    @Test
    void query_sortsByNameAscendingAndDescendingAcrossPages() {
        store.putAll(TENANT_A, List.of(
                aResource().withId("1").withName("charlie").build(),
                aResource().withId("2").withName("alpha").build(),
                aResource().withId("3").withName("delta").build(),
                aResource().withId("4").withName("bravo").build()));
        ResourceQuery all = ResourceQuery.all();
        ResourceQuery byName = new ResourceQuery(all.provider(), all.type(), all.region(), all.account(), all.source(),
                Map.of(), all.text(), all.id(), Optional.of(SortOrder.parse("name")));
        ResourceQuery byNameDesc = new ResourceQuery(all.provider(), all.type(), all.region(), all.account(),
                all.source(), Map.of(), all.text(), all.id(), Optional.of(SortOrder.parse("-name")));

        assertThat(ids(allPages(store, byName, 3))).containsExactly("2", "4", "1", "3");
        assertThat(ids(allPages(store, byNameDesc, 3))).containsExactly("3", "1", "4", "2");
    }

    @Test
    void forEach_streamsEveryMatchInIdOrder() {
        store.putAll(TENANT_A, List.of(
                aResource().withId("c").build(), aResource().withId("a").build(),
                aResource().withId("b").withType("aws.ec2.instance").build()));
        List<Resource> seen = new ArrayList<>();

        store.forEach(TENANT_A, ResourceQuery.ofType("aws.s3.bucket"), seen::add);

        assertThat(ids(seen)).containsExactly("a", "c");
    }

    @Test
    void idsInScope_returnsOnlyResourcesTheScopeCovers() {
        store.putAll(TENANT_A, List.of(
                aResource().withId("in").withSource("aws-config").build(),
                aResource().withId("other-source").withSource("praetor").build(),
                aResource().withId("other-region").withSource("aws-config").withRegion("eu-west-1").build(),
                aResource().withId("other-type").withSource("aws-config").withType("aws.ec2.instance").build()));

        assertThat(store.idsInScope(TENANT_A, new ResourceScope("aws-config", "aws", "123456789012", "us-east-1",
                Set.of("aws.s3.bucket")))).containsExactly("in");
    }

    @Test
    void count_countsTheTenantsResources() {
        store.putAll(TENANT_A, List.of(aResource().withId("a").build(), aResource().withId("b").build()));
        store.putAll(TENANT_B, List.of(aResource().withId("a").build()));

        assertThat(store.count(TENANT_A)).isEqualTo(2);
        assertThat(store.count(TENANT_B)).isEqualTo(1);
    }
}
