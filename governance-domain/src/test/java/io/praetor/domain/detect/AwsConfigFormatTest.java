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
import io.praetor.ports.inventory.ResourceKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsConfigFormatTest {

    @Test
    void snapshot_liftsTheEnvelopeAndKeepsTheRestAsProperties() {
        ParsedSnapshot snapshot = readExample(format("aws-config"), "aws-config-snapshot.json");

        assertThat(snapshot.received()).isEqualTo(10);
        assertThat(snapshot.entries()).hasSize(10);
        Resource bucket = resource(snapshot, "arn:aws:s3:::acme-public-assets");
        assertThat(bucket.key()).isEqualTo(ResourceKeys.keyOf("arn:aws:s3:::acme-public-assets"));
        assertThat(bucket.type()).isEqualTo("aws.s3.bucket");
        assertThat(bucket.provider()).isEqualTo("aws");
        assertThat(bucket.name()).isEqualTo("acme-public-assets");
        assertThat(bucket.region()).isEqualTo("us-east-1");
        assertThat(bucket.account()).isEqualTo("123456789012");
        assertThat(bucket.source()).isEqualTo("aws-config");
        assertThat(bucket.observedAt()).isEqualTo(Instant.parse("2026-11-20T08:15:02.311Z"));
        // A numeric tag value becomes its JSON text.
        assertThat(bucket.tags()).containsExactlyInAnyOrderEntriesOf(
                Map.of("team", "web", "Environment", "prod", "cost-center", "4410"));
        assertThat(bucket.properties()).doesNotContainKeys("ARN", "resourceType", "resourceName", "awsRegion",
                "awsAccountId", "tags");
        assertThat(bucket.properties()).containsEntry("resourceId", "acme-public-assets")
                .containsEntry("configurationItemStatus", "OK");
        // Source key order is kept.
        assertThat(bucket.properties().keySet()).startsWith("relatedEvents", "relationships", "configuration");
    }

    @Test
    void snapshot_parsesJsonStringsKeepsIntsAsLongAndNulls() {
        Resource bucket = resource(readExample(format("aws-config"), "aws-config-snapshot.json"),
                "arn:aws:s3:::acme-public-assets");

        Map<String, Object> p = bucket.properties();
        assertThat(at(p, "supplementaryConfiguration", "BucketPolicy", "policyText", "Statement", "0", "Principal"))
                .isEqualTo("*");
        assertThat(at(p, "supplementaryConfiguration", "AccessControlList", "grantList", "0", "grantee"))
                .isEqualTo("AllUsers");
        assertThat(at(p, "supplementaryConfiguration", "AccessControlList", "grantSet")).isNull();
        assertThat(at(p, "configurationStateId")).isEqualTo(1763626502311L);
        assertThat(at(p, "configuration", "owner")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("displayName", null);
        assertThat(at(p, "configurationStateMd5Hash")).isEqualTo("");
    }

    @Test
    void snapshot_normalisesEveryResourceType() {
        ParsedSnapshot snapshot = readExample(format("aws-config"), "aws-config-snapshot.json");

        Resource sg = resource(snapshot, "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0f1e2d3c4b5a69788");
        assertThat(sg.type()).isEqualTo("aws.ec2.securitygroup");
        assertThat(sg.tags()).isEmpty();
        assertThat(at(sg.properties(), "configuration", "ipPermissions", "0", "fromPort")).isEqualTo(22L);
        assertThat(at(sg.properties(), "configuration", "ipPermissions", "0", "ipv4Ranges", "0", "cidrIp"))
                .isEqualTo("0.0.0.0/0");

        Resource volume = resource(snapshot, "arn:aws:ec2:us-east-1:123456789012:volume/vol-0a9b8c7d6e5f40312");
        assertThat(volume.type()).isEqualTo("aws.ec2.volume");
        assertThat(volume.name()).isEmpty();
        assertThat(at(volume.properties(), "configuration", "encrypted")).isEqualTo(false);
        assertThat(at(volume.properties(), "configuration", "size")).isEqualTo(100L);

        Resource user = resource(snapshot, "arn:aws:iam::123456789012:user/ci-deployer");
        assertThat(user.type()).isEqualTo("aws.iam.user");
        assertThat(user.region()).isEqualTo("global");
        // URL-encoded policy documents do not start with { or [ and stay strings.
        assertThat(at(user.properties(), "configuration", "userPolicyList", "0", "policyDocument"))
                .isInstanceOf(String.class);

        Resource db = resource(snapshot, "arn:aws:rds:us-east-1:123456789012:db:orders-db");
        assertThat(db.type()).isEqualTo("aws.rds.dbinstance");
        assertThat(db.tags()).containsEntry("Owner", "orders-team");
        assertThat(at(db.properties(), "configuration", "publiclyAccessible")).isEqualTo(true);
        assertThat(at(db.properties(), "configuration", "endpoint", "port")).isEqualTo(5432L);
    }

    @Test
    void changeNotification_readsItsConfigurationItem() {
        ParsedSnapshot snapshot = readExample(format("aws-config"), "aws-config-change-notification.json");

        assertThat(snapshot.received()).isEqualTo(1);
        Resource sg = resource(snapshot, "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0");
        assertThat(sg.name()).isEqualTo("web-tier");
        assertThat(sg.observedAt()).isEqualTo(Instant.parse("2026-11-21T14:02:19.845Z"));
        assertThat(at(sg.properties(), "configuration", "ipPermissions", "1", "toPort")).isEqualTo(80L);
        assertThat(sg.properties()).doesNotContainKeys("configurationItemDiff", "messageType");
    }

    @Test
    void apiItems_areReadLikeSnapshotItems_andResourceDeletedDeletes() {
        ParsedSnapshot snapshot = readExample(format("aws-config"), "aws-config-api-items.json");

        assertThat(snapshot.received()).isEqualTo(3);
        Resource bucket = resource(snapshot, "arn:aws:s3:::acme-public-assets");
        assertThat(bucket.account()).isEqualTo("123456789012");
        assertThat(bucket.properties()).doesNotContainKeys("arn", "accountId");
        assertThat(bucket.observedAt()).isEqualTo(Instant.parse("2026-11-22T06:41:09.512Z"));
        // configuration arrives as a JSON string and is parsed like any other.
        assertThat(at(bucket.properties(), "configuration", "name")).isEqualTo("acme-public-assets");
        assertThat(at(bucket.properties(), "supplementaryConfiguration", "BucketPolicy", "policyText")).isNull();
        assertThat(at(bucket.properties(), "supplementaryConfiguration", "BucketVersioningConfiguration", "status"))
                .isEqualTo("Suspended");

        SnapshotEntry deleted = snapshot.entries().stream()
                .filter(e -> e.id().equals("arn:aws:ec2:us-east-1:123456789012:volume/vol-0a9b8c7d6e5f40312"))
                .findFirst().orElseThrow();
        assertThat(deleted).isInstanceOf(SnapshotEntry.Deleted.class);
        assertThat(deleted.type()).isEqualTo("aws.ec2.volume");

        Resource scratch = resource(snapshot, "arn:aws:ec2:us-east-1:123456789012:volume/vol-0c4d5e6f7a8b9c0d1");
        // Epoch seconds (the AWS JSON protocol's timestamps) are accepted.
        assertThat(scratch.observedAt()).isEqualTo(Instant.ofEpochSecond(1763793901L, 250_000_000L));
        assertThat(at(scratch.properties(), "configuration", "size")).isEqualTo(20L);
    }

    @Test
    void itemWithoutArn_usesResourceId_andOddCasingOfTheTypeIsLowered() {
        ParsedSnapshot snapshot = readText(format("aws-config"), """
                {"resourceType":"AWS::EC2::NetworkAcl","resourceId":"acl-01","awsRegion":"eu-west-1",\
                "awsAccountId":"111122223333","configuration":{"entries":[]}}
                """);

        Resource acl = resource(snapshot, "acl-01");
        assertThat(acl.type()).isEqualTo("aws.ec2.networkacl");
        assertThat(acl.observedAt()).isEqualTo(Samples.IMPORT_TIME);
        assertThat(acl.tags()).isEmpty();
        assertThat(acl.name()).isEmpty();
    }

    @Test
    void ndjsonOfItems_isAccepted() {
        ParsedSnapshot snapshot = readText(format("aws-config"), """
                {"resourceType":"AWS::S3::Bucket","ARN":"arn:aws:s3:::a","resourceName":"a"}
                {"resourceType":"AWS::S3::Bucket","ARN":"arn:aws:s3:::b","resourceName":"b"}
                """);

        assertThat(snapshot.entries()).extracting(SnapshotEntry::id).containsExactly("arn:aws:s3:::a", "arn:aws:s3:::b");
    }

    @Test
    void sameIdTwice_keepsTheLaterCapture() {
        ParsedSnapshot snapshot = readText(format("aws-config"), """
                [{"resourceType":"AWS::S3::Bucket","ARN":"arn:aws:s3:::a","configurationItemCaptureTime":"2026-01-02T00:00:00Z","v":2},
                 {"resourceType":"AWS::S3::Bucket","ARN":"arn:aws:s3:::a","configurationItemCaptureTime":"2026-01-01T00:00:00Z","v":1}]
                """);

        assertThat(snapshot.received()).isEqualTo(2);
        assertThat(snapshot.entries()).hasSize(1);
        assertThat(resource(snapshot, "arn:aws:s3:::a").properties()).containsEntry("v", 2L);
    }

    @Test
    void badResourceType_isAValidationErrorNamingRecordAndField() {
        assertThatThrownBy(() -> readText(format("aws-config"), """
                {"configurationItems":[
                  {"resourceType":"AWS::S3::Bucket","ARN":"arn:aws:s3:::ok"},
                  {"resourceType":"S3Bucket","ARN":"arn:aws:s3:::bad"}]}
                """))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.issues()).singleElement().satisfies(issue -> {
                        assertThat(issue.record()).isEqualTo(2);
                        assertThat(issue.field()).isEqualTo("resourceType");
                        assertThat(issue.line()).isEqualTo(3);
                        assertThat(issue.column()).isEqualTo(3);
                    });
                });
    }

    @Test
    void oversizedNotificationWithoutItem_isRejectedWithAReason() {
        assertThatThrownBy(() -> readText(format("aws-config"), """
                {"configurationItemSummary":{"changeType":"UPDATE"},"messageType":"OversizedConfigurationItemChangeNotification"}
                """))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.getMessage()).contains("OversizedConfigurationItemChangeNotification");
                });
    }

    @Test
    void itemWithNeitherArnNorResourceId_isRejected() {
        assertThatThrownBy(() -> readText(format("aws-config"), "[{\"resourceType\":\"AWS::S3::Bucket\"}]"))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.issues()).extracting(i -> i.field()).containsExactly("ARN");
                    assertThat(e.issues()).extracting(i -> i.record()).containsExactly(1L);
                });
    }

    @Test
    void resourceDeletedNotRecorded_alsoDeletes() {
        ParsedSnapshot snapshot = readText(format("aws-config"), """
                {"configurationItem":{"resourceType":"AWS::EC2::Volume","ARN":"arn:v","configurationItemStatus":"ResourceDeletedNotRecorded"}}
                """);
        assertThat(snapshot.entries()).singleElement().isInstanceOf(SnapshotEntry.Deleted.class);
        assertThat(List.of(snapshot.entries().getFirst().source())).containsExactly("aws-config");
    }
}
