package io.praetor.domain.detect;

import static io.praetor.domain.detect.Samples.at;
import static io.praetor.domain.detect.Samples.format;
import static io.praetor.domain.detect.Samples.readExample;
import static io.praetor.domain.detect.Samples.readText;
import static io.praetor.domain.detect.Samples.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.inventory.Resource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcpAssetFormatTest {

    @Test
    void exportNdjson_normalisesBuckets() {
        ParsedSnapshot snapshot = readExample(format("gcp-asset"), "gcp-assets.ndjson");

        assertThat(snapshot.received()).isEqualTo(7);
        Resource bucket = resource(snapshot, "//storage.googleapis.com/acme-ml-datasets");
        assertThat(bucket.type()).isEqualTo("gcp.storage.bucket");
        assertThat(bucket.provider()).isEqualTo("gcp");
        assertThat(bucket.name()).isEqualTo("acme-ml-datasets");
        assertThat(bucket.region()).isEqualTo("us");
        assertThat(bucket.account()).isEqualTo("482915736041");
        assertThat(bucket.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "ml", "env", "dev"));
        // Labels stay in place too.
        assertThat(at(bucket.properties(), "resource", "data", "labels", "team")).isEqualTo("ml");
        assertThat(bucket.observedAt()).isEqualTo(Instant.parse("2026-10-02T16:20:03.004Z"));
        assertThat(bucket.properties()).doesNotContainKeys("name", "asset_type").containsKey("update_time");
        assertThat(at(bucket.properties(), "resource", "data", "iamConfiguration", "uniformBucketLevelAccess",
                "enabled")).isEqualTo(false);
        assertThat(at(bucket.properties(), "resource", "data", "logging")).isNull();
        // "482915736041" stays a string: only JSON-looking strings are parsed.
        assertThat(at(bucket.properties(), "resource", "data", "projectNumber")).isEqualTo("482915736041");
    }

    @Test
    void exportNdjson_mapsEveryAssetType() {
        ParsedSnapshot snapshot = readExample(format("gcp-asset"), "gcp-assets.ndjson");

        Resource fw = resource(snapshot, "//compute.googleapis.com/projects/acme-prod/global/firewalls/allow-ssh-from-anywhere");
        assertThat(fw.type()).isEqualTo("gcp.compute.firewall");
        assertThat(fw.name()).isEqualTo("allow-ssh-from-anywhere");
        assertThat(fw.region()).isEqualTo("global");
        assertThat(fw.tags()).isEmpty();
        assertThat(at(fw.properties(), "resource", "data", "priority")).isEqualTo(1000L);
        Resource sql = resource(snapshot, "//cloudsql.googleapis.com/projects/acme-prod/instances/orders-pg");
        assertThat(sql.type()).isEqualTo("gcp.sqladmin.instance");
        assertThat(sql.observedAt()).isEqualTo(Instant.parse("2026-09-18T11:47:21.390582Z"));
        assertThat(at(sql.properties(), "resource", "data", "settings", "ipConfiguration", "requireSsl")).isEqualTo(false);
        Resource project = resource(snapshot, "//cloudresourcemanager.googleapis.com/projects/482915736041");
        assertThat(project.type()).isEqualTo("gcp.cloudresourcemanager.project");
        assertThat(project.tags()).containsEntry("cost-center", "cc-4410");
        Resource pod = resource(snapshot,
                "//container.googleapis.com/projects/acme-prod/zones/europe-west1-b/clusters/shop/k8s/namespaces/payments/pods/payments-debug");
        assertThat(pod.type()).isEqualTo("k8s.core.pod");
        assertThat(pod.provider()).isEqualTo("k8s");
        assertThat(pod.name()).isEqualTo("payments-debug");
    }

    @Test
    void apiCamelCaseList_isAccepted() {
        ParsedSnapshot snapshot = readExample(format("gcp-asset"), "gcp-assets-api.json");

        Resource bucket = resource(snapshot, "//storage.googleapis.com/acme-public-website");
        assertThat(bucket.type()).isEqualTo("gcp.storage.bucket");
        assertThat(bucket.account()).isEqualTo("907162534871");
        assertThat(bucket.observedAt()).isEqualTo(Instant.parse("2026-11-01T09:15:00.250Z"));
        assertThat(bucket.properties()).doesNotContainKeys("assetType");
        assertThat(at(bucket.properties(), "resource", "data", "versioning")).isNull();
        assertThat(resource(snapshot, "//compute.googleapis.com/projects/acme-web/global/firewalls/allow-http").type())
                .isEqualTo("gcp.compute.firewall");
    }

    @Test
    void kubernetesAssetsOfNamedGroups_useTheFirstLabel() {
        ParsedSnapshot snapshot = readText(format("gcp-asset"), """
                {"name":"//container.googleapis.com/x/deployments/web","asset_type":"apps.k8s.io/Deployment"}
                {"name":"//container.googleapis.com/x/crb/admin","asset_type":"rbac.authorization.k8s.io/ClusterRoleBinding"}
                """);
        assertThat(resource(snapshot, "//container.googleapis.com/x/deployments/web").type()).isEqualTo("k8s.apps.deployment");
        assertThat(resource(snapshot, "//container.googleapis.com/x/crb/admin").type())
                .isEqualTo("k8s.rbac.clusterrolebinding");
        assertThat(resource(snapshot, "//container.googleapis.com/x/crb/admin").account()).isEmpty();
    }

    @Test
    void assetWithoutType_isRejectedWithItsRecordIndex() {
        assertThatThrownBy(() -> readText(format("gcp-asset"), """
                {"name":"//storage.googleapis.com/a","asset_type":"storage.googleapis.com/Bucket"}
                {"name":"//storage.googleapis.com/b"}
                """))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.issues()).singleElement().satisfies(i -> {
                        assertThat(i.record()).isEqualTo(2);
                        assertThat(i.line()).isEqualTo(2);
                        assertThat(i.field()).isEqualTo("asset_type");
                    });
                });
    }
}
