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
import org.junit.jupiter.api.Test;

class PraetorFormatTest {

    @Test
    void ndjson_takesEveryFieldAsGiven() {
        ParsedSnapshot snapshot = readExample(format("praetor"), "praetor-resources.ndjson");

        assertThat(snapshot.received()).isEqualTo(3);
        Resource bucket = resource(snapshot, "arn:aws:s3:::acme-ml-scratch");
        assertThat(bucket.type()).isEqualTo("aws.s3.bucket");
        assertThat(bucket.region()).isEqualTo("us-west-2");
        assertThat(bucket.account()).isEqualTo("123456789012");
        assertThat(bucket.tags()).containsEntry("team", "ml");
        assertThat(bucket.source()).isEqualTo("praetor");
        assertThat(bucket.observedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(at(bucket.properties(), "supplementaryConfiguration", "BucketPolicy", "policyText", "Version"))
                .isEqualTo("2012-10-17");

        Resource vm = resource(snapshot, "vm-0042.onprem.example.com");
        assertThat(vm.provider()).isEqualTo("onprem");
        assertThat(vm.observedAt()).isEqualTo(Samples.IMPORT_TIME);
        assertThat(at(vm.properties(), "lastPatched")).isNull();
        assertThat(at(vm.properties(), "openPorts", "2")).isEqualTo(3306L);
        Resource repo = resource(snapshot, "github.com/acme/payments");
        assertThat(repo.region()).isEmpty();
        assertThat(repo.account()).isEmpty();
    }

    @Test
    void everyResource_comesWithItsContentHash_acrossHashingBatches() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            text.append("{\"id\":\"r").append(i % 1200).append("\",\"type\":\"x.y.z\",\"properties\":{\"i\":")
                    .append(i).append("}}\n");
        }
        ParsedSnapshot snapshot = readText(format("praetor"), text.toString());

        assertThat(snapshot.received()).isEqualTo(1500);
        assertThat(snapshot.entries()).hasSize(1200).allSatisfy(e -> {
            Resource r = ((SnapshotEntry.Present) e).resource();
            assertThat(r.contentHash()).isEqualTo(ContentHasher.hash(r));
        });
        // A repeated id keeps the later record (equal observed times), with that record's hash.
        assertThat(resource(snapshot, "r5").properties()).containsEntry("i", 1205L);
    }

    @Test
    void importParameters_fillFieldsTheRecordsLack() {
        var request = new io.praetor.ports.usecase.SnapshotImport("praetor", java.util.Optional.of("onprem.vmware.vm"),
                java.util.Optional.empty(), java.util.Optional.of("vcenter-02"), java.util.Optional.of("dc-paris"), false);
        ParsedSnapshot snapshot = readText(request, """
                {"id":"vm-1"}
                {"id":"vm-2","type":"onprem.hyperv.vm","region":"dc-lyon"}
                """);
        Resource one = resource(snapshot, "vm-1");
        assertThat(one.type()).isEqualTo("onprem.vmware.vm");
        assertThat(one.region()).isEqualTo("dc-paris");
        assertThat(one.account()).isEqualTo("vcenter-02");
        Resource two = resource(snapshot, "vm-2");
        assertThat(two.type()).isEqualTo("onprem.hyperv.vm");
        assertThat(two.region()).isEqualTo("dc-lyon");
    }

    @Test
    void sourceGiven_isKept_andTopLevelStringsAreNotParsed() {
        Resource r = resource(readText(format("praetor"), """
                {"id":"x","type":"aws.s3.bucket","name":"[weird] name","source":"s3-live","properties":{"n":1.5}}
                """), "x");
        assertThat(r.source()).isEqualTo("s3-live");
        assertThat(r.name()).isEqualTo("[weird] name");
        assertThat(r.properties()).containsEntry("n", 1.5);
    }

    @Test
    void unknownField_keyMismatchAndProviderMismatch_areRejected() {
        assertThatThrownBy(() -> readText(format("praetor"), "{\"id\":\"x\",\"type\":\"a.b.c\",\"propertes\":{}}"))
                .isInstanceOfSatisfying(PraetorException.class, e ->
                        assertThat(e.issues()).extracting(i -> i.field()).containsExactly("propertes"));
        assertThatThrownBy(() -> readText(format("praetor"), "{\"id\":\"x\",\"type\":\"a.b.c\",\"key\":\"eQ\"}"))
                .isInstanceOfSatisfying(PraetorException.class, e ->
                        assertThat(e.issues()).extracting(i -> i.field()).containsExactly("key"));
        assertThatThrownBy(() -> readText(format("praetor"), "{\"id\":\"x\",\"type\":\"a.b.c\",\"provider\":\"aws\"}"))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.issues()).extracting(i -> i.field()).containsExactly("provider");
                });
        assertThatThrownBy(() -> readText(format("praetor"), "{\"type\":\"a.b.c\"}"))
                .isInstanceOfSatisfying(PraetorException.class, e ->
                        assertThat(e.issues()).extracting(i -> i.field()).containsExactly("id"));
    }
}
