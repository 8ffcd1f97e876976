package io.praetor.domain.detect;

import static io.praetor.domain.detect.Samples.at;
import static io.praetor.domain.detect.Samples.custodian;
import static io.praetor.domain.detect.Samples.format;
import static io.praetor.domain.detect.Samples.readExample;
import static io.praetor.domain.detect.Samples.readText;
import static io.praetor.domain.detect.Samples.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.SnapshotImport;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustodianFormatTest {

    @Test
    void s3_idIsTheBucketName_andLocationConstraintGivesTheRegion() {
        ParsedSnapshot snapshot = readExample(custodian("aws.s3"), "custodian-s3-resources.json");

        assertThat(snapshot.received()).isEqualTo(3);
        Resource pub = resource(snapshot, "acme-public-assets");
        assertThat(pub.type()).isEqualTo("aws.s3.bucket");
        assertThat(pub.name()).isEqualTo("acme-public-assets");
        assertThat(pub.source()).isEqualTo("custodian");
        // LocationConstraint null is us-east-1, EU is eu-west-1.
        assertThat(pub.region()).isEqualTo("us-east-1");
        assertThat(resource(snapshot, "acme-audit-logs").region()).isEqualTo("eu-west-1");
        assertThat(resource(snapshot, "acme-tmp-exports").region()).isEqualTo("ap-southeast-2");
        assertThat(pub.account()).isEmpty();
        assertThat(pub.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "web", "Environment", "prod"));
        assertThat(resource(snapshot, "acme-tmp-exports").tags()).isEmpty();
        assertThat(pub.properties()).doesNotContainKey("Tags").containsKey("Name");
        assertThat(at(pub.properties(), "Policy", "Statement", "0", "Effect")).isEqualTo("Allow");
        assertThat(at(pub.properties(), "Replication")).isNull();
        assertThat(at(pub.properties(), "c7n:MatchedFilters", "1")).isEqualTo("Acl.Grants");
        assertThat(pub.observedAt()).isEqualTo(Samples.IMPORT_TIME);
    }

    @Test
    void ec2_usesInstanceId_andTheImportsRegionAndAccount() {
        SnapshotImport request = new SnapshotImport("custodian", Optional.of("aws.ec2"), Optional.empty(),
                Optional.of("123456789012"), Optional.of("us-east-1"), false);
        ParsedSnapshot snapshot = readExample(request, "custodian-ec2-resources.json");

        Resource bastion = resource(snapshot, "i-0d9c8b7a6f5e4d3c2");
        assertThat(bastion.type()).isEqualTo("aws.ec2.instance");
        assertThat(bastion.name()).isEqualTo("i-0d9c8b7a6f5e4d3c2");
        assertThat(bastion.region()).isEqualTo("us-east-1");
        assertThat(bastion.account()).isEqualTo("123456789012");
        assertThat(bastion.tags()).containsEntry("aws:cloudformation:stack-name", "network-legacy");
        assertThat(at(bastion.properties(), "MetadataOptions", "HttpTokens")).isEqualTo("optional");
        assertThat(at(bastion.properties(), "State", "Code")).isEqualTo(16L);
        assertThat(at(bastion.properties(), "UserData", "debug")).isEqualTo(true);
        assertThat(at(bastion.properties(), "IamInstanceProfile")).isNull();
    }

    @Test
    void arnWhenPresent_isTheId_andGivesAccountAndRegion() {
        ParsedSnapshot snapshot = readText(custodian("aws.iam-user"), """
                [{"UserName":"bob","Arn":"arn:aws:iam::444455556666:user/bob","Tags":[{"Key":"k","Value":null}]},
                 {"DBInstanceIdentifier":"ignored-here"}]
                """.replace(",\n {\"DBInstanceIdentifier\":\"ignored-here\"}", ""));
        Resource bob = resource(snapshot, "arn:aws:iam::444455556666:user/bob");
        assertThat(bob.type()).isEqualTo("aws.iam.user");
        assertThat(bob.name()).isEqualTo("bob");
        assertThat(bob.account()).isEqualTo("444455556666");
        assertThat(bob.tags()).containsEntry("k", "");

        ParsedSnapshot rds = readText(custodian("aws.rds"), """
                [{"DBInstanceIdentifier":"orders","DBInstanceArn":"arn:aws:rds:eu-west-1:1:db:orders"}]
                """);
        Resource db = resource(rds, "orders");
        assertThat(db.type()).isEqualTo("aws.rds.dbinstance");
        assertThat(resource(readText(custodian("aws.security-group"), "[{\"GroupId\":\"sg-1\"}]"), "sg-1").type())
                .isEqualTo("aws.ec2.securitygroup");
        assertThat(resource(readText(custodian("aws.ebs"), "[{\"VolumeId\":\"vol-1\"}]"), "vol-1").type())
                .isEqualTo("aws.ec2.volume");
    }

    @Test
    void missingOrUnsupportedType_isA400NamingTheSupportedTypes() {
        assertThatThrownBy(() -> readText(format("custodian"), "[]"))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
                    assertThat(e.issues()).extracting(i -> i.field()).containsExactly("type");
                    assertThat(e.getMessage()).contains("aws.s3", "aws.iam-user");
                });
        assertThatThrownBy(() -> readText(custodian("gcp.bucket"), "[]"))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
                    assertThat(e.getMessage()).contains("gcp.bucket", "aws.s3, aws.ec2, aws.security-group");
                });
    }

    @Test
    void recordWithoutItsIdKey_isRejected() {
        assertThatThrownBy(() -> readText(custodian("aws.ec2"), "[{\"InstanceType\":\"t3.micro\"}]"))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.issues()).extracting(i -> i.field()).containsExactly("InstanceId");
                });
    }

    @Test
    void tagsThatAreNotAKeyValueList_areRejected() {
        assertThatThrownBy(() -> readText(custodian("aws.s3"), "[{\"Name\":\"b\",\"Tags\":{\"k\":\"v\"}}]"))
                .isInstanceOfSatisfying(PraetorException.class, e ->
                        assertThat(e.issues()).extracting(i -> i.field()).containsExactly("Tags"));
    }
}
