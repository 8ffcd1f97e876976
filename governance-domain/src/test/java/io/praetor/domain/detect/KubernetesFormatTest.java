package io.praetor.domain.detect;

import static io.praetor.domain.detect.Samples.at;
import static io.praetor.domain.detect.Samples.format;
import static io.praetor.domain.detect.Samples.readExample;
import static io.praetor.domain.detect.Samples.readText;
import static io.praetor.domain.detect.Samples.resource;
import static io.praetor.domain.detect.Samples.withPlace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.inventory.Resource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesFormatTest {

    @Test
    void list_readsEveryItemWithTheClusterFromTheParameters() {
        ParsedSnapshot snapshot = readExample(withPlace("kubernetes", "eu-central-1", "prod-cluster"),
                "kubernetes-workloads.json");

        assertThat(snapshot.received()).isEqualTo(5);
        Resource pod = resource(snapshot, "6f1c2e3d-4b5a-4c7d-9e8f-0a1b2c3d4e5f");
        assertThat(pod.type()).isEqualTo("k8s.core.pod");
        assertThat(pod.provider()).isEqualTo("k8s");
        assertThat(pod.name()).isEqualTo("kube-system/node-debugger");
        assertThat(pod.region()).isEqualTo("eu-central-1");
        assertThat(pod.account()).isEqualTo("prod-cluster");
        assertThat(pod.tags()).isEmpty();
        assertThat(pod.source()).isEqualTo("kubernetes");
        assertThat(pod.observedAt()).isEqualTo(Samples.IMPORT_TIME);
        // Nothing is lifted: the whole object is the properties.
        assertThat(pod.properties()).containsKeys("apiVersion", "kind", "metadata", "spec", "status");
        assertThat(at(pod.properties(), "spec", "containers", "0", "securityContext", "privileged")).isEqualTo(true);
        assertThat(at(pod.properties(), "spec", "terminationGracePeriodSeconds")).isEqualTo(30L);
        // The last-applied annotation (a JSON string with a trailing newline) is parsed.
        assertThat(at(pod.properties(), "metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration",
                "spec", "hostPID")).isEqualTo(true);
    }

    @Test
    void groupsAndLabels_areNormalised() {
        ParsedSnapshot snapshot = readExample(format("kubernetes"), "kubernetes-workloads.json");

        Resource deployment = resource(snapshot, "c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5");
        assertThat(deployment.type()).isEqualTo("k8s.apps.deployment");
        assertThat(deployment.name()).isEqualTo("shop/checkout");
        assertThat(deployment.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "checkout", "tier", "frontend"));
        assertThat(at(deployment.properties(), "metadata", "labels", "app")).isEqualTo("checkout");
        assertThat(at(deployment.properties(), "spec", "strategy", "rollingUpdate", "maxSurge")).isEqualTo("25%");
        Resource crb = resource(snapshot, "9b8a7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d");
        assertThat(crb.type()).isEqualTo("k8s.rbac.clusterrolebinding");
        assertThat(crb.name()).isEqualTo("ci-bot-cluster-admin");
        assertThat(crb.region()).isEmpty();
        assertThat(crb.account()).isEmpty();
    }

    @Test
    void oneObject_isAccepted() {
        ParsedSnapshot snapshot = readText(format("kubernetes"), """
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"shop","uid":"u-1"}}
                """);
        Resource ingress = resource(snapshot, "u-1");
        assertThat(ingress.type()).isEqualTo("k8s.networking.ingress");
        assertThat(ingress.name()).isEqualTo("shop/web");
    }

    @Test
    void objectWithoutUid_isRejected() {
        assertThatThrownBy(() -> readText(format("kubernetes"),
                "{\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"}}]}"))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.issues()).singleElement().satisfies(i -> {
                        assertThat(i.field()).isEqualTo("metadata.uid");
                        assertThat(i.record()).isEqualTo(1);
                        assertThat(i.column()).isEqualTo(25);
                    });
                });
    }
}
