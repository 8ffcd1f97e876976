package io.praetor.bench.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.Set;

/**
 * Writes an AWS Config snapshot file of {@code count} items (S3 buckets, security groups, EBS
 * volumes, IAM users, RDS instances in turn), each of roughly 1–2 KB, reproducible from a seed:
 * item {@code i} depends only on (seed, i), and items in {@code changed} get a different
 * configuration, so a second file differs from the first in exactly those items.
 */
public final class AwsConfigSnapshotGenerator {
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"};
    private static final String[] ACCOUNTS = {"111122223333", "444455556666", "777788889999"};
    private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");

    private final long seed;

    public AwsConfigSnapshotGenerator(long seed) {
        this.seed = seed;
    }

    /** The id (ARN) of item {@code i}. */
    public String idOf(int i) {
        Random r = random(i);
        String region = REGIONS[r.nextInt(REGIONS.length)];
        String account = ACCOUNTS[r.nextInt(ACCOUNTS.length)];
        return switch (i % 5) {
            case 0 -> "arn:aws:s3:::bench-bucket-" + i;
            case 1 -> "arn:aws:ec2:" + region + ":" + account + ":security-group/sg-" + hex(i);
            case 2 -> "arn:aws:ec2:" + region + ":" + account + ":volume/vol-" + hex(i);
            case 3 -> "arn:aws:iam::" + account + ":user/bench-user-" + i;
            default -> "arn:aws:rds:" + region + ":" + account + ":db:bench-db-" + i;
        };
    }

    public long write(Path file, int count, Set<Integer> changed) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("fileVersion", "1.0");
            g.writeStringField("configSnapshotId", "bench-" + seed);
            g.writeArrayFieldStart("configurationItems");
            for (int i = 0; i < count; i++) {
                item(g, i, changed.contains(i));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return Files.size(file);
    }

    private Random random(int i) {
        return new Random(seed * 1_000_003L + i);
    }

    private static String hex(int i) {
        return String.format("%017x", (long) i * 2654435761L);
    }

    private void item(JsonGenerator g, int i, boolean changed) throws IOException {
        Random r = random(i);
        String region = REGIONS[r.nextInt(REGIONS.length)];
        String account = ACCOUNTS[r.nextInt(ACCOUNTS.length)];
        String id = idOf(i);
        String resourceType = switch (i % 5) {
            case 0 -> "AWS::S3::Bucket";
            case 1 -> "AWS::EC2::SecurityGroup";
            case 2 -> "AWS::EC2::Volume";
            case 3 -> "AWS::IAM::User";
            default -> "AWS::RDS::DBInstance";
        };
        g.writeStartObject();
        g.writeArrayFieldStart("relatedEvents");
        g.writeEndArray();
        g.writeArrayFieldStart("relationships");
        if (i % 5 == 1 || i % 5 == 4) {
            g.writeStartObject();
            g.writeStringField("resourceId", "vpc-" + hex(r.nextInt(1000)));
            g.writeStringField("resourceType", "AWS::EC2::VPC");
            g.writeStringField("name", "Is contained in Vpc");
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName("configuration");
        switch (i % 5) {
            case 0 -> bucket(g, r, i, changed);
            case 1 -> securityGroup(g, r, i, account, changed);
            case 2 -> volume(g, r, i, region, changed);
            case 3 -> user(g, r, i, account, changed);
            default -> database(g, r, i, region, account, changed);
        }
        g.writeObjectFieldStart("supplementaryConfiguration");
        if (i % 5 == 0) {
            g.writeStringField("AccessControlList", "{\"grantSet\":null,\"grantList\":[{\"grantee\":{\"id\":\""
                    + hex(i) + hex(i) + "\",\"displayName\":null},\"permission\":\"FullControl\"}],\"owner\":{\"id\":\""
                    + hex(i) + "\"},\"isRequesterCharged\":false}");
            g.writeObjectFieldStart("BucketPolicy");
            g.writeStringField("policyText", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":\"" + (r.nextInt(10) == 0 ? "*" : "arn:aws:iam::" + account + ":root")
                    + "\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bench-bucket-" + i + "/*\"}]}");
            g.writeEndObject();
            g.writeObjectFieldStart("PublicAccessBlockConfiguration");
            boolean block = r.nextInt(4) != 0;
            g.writeBooleanField("blockPublicAcls", block);
            g.writeBooleanField("ignorePublicAcls", block);
            g.writeBooleanField("blockPublicPolicy", block);
            g.writeBooleanField("restrictPublicBuckets", block);
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("tags");
        int tags = r.nextInt(4);
        for (int t = 0; t < tags; t++) {
            g.writeStringField(new String[] {"team", "Environment", "owner", "cost-center"}[t],
                    "value-" + r.nextInt(50));
        }
        g.writeEndObject();
        g.writeStringField("configurationItemVersion", "1.3");
        g.writeStringField("configurationItemCaptureTime", BASE.plusSeconds(i).toString());
        g.writeNumberField("configurationStateId", 1_761_955_200_000L + i);
        g.writeStringField("awsAccountId", account);
        g.writeStringField("configurationItemStatus", "OK");
        g.writeStringField("resourceType", resourceType);
        g.writeStringField("resourceId", id.substring(id.lastIndexOf('/') + 1));
        g.writeStringField("resourceName", i % 5 == 2 ? null : "bench-" + i);
        g.writeStringField("ARN", id);
        g.writeStringField("awsRegion", i % 5 == 3 ? "global" : i % 5 == 0 ? "us-east-1" : region);
        g.writeStringField("availabilityZone", region + "a");
        g.writeStringField("configurationStateMd5Hash", "");
        g.writeStringField("resourceCreationTime", BASE.minusSeconds(86_400L * r.nextInt(1000)).toString());
        g.writeEndObject();
    }

    private static void bucket(JsonGenerator g, Random r, int i, boolean changed) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", "bench-bucket-" + i);
        g.writeObjectFieldStart("owner");
        g.writeNullField("displayName");
        g.writeStringField("id", hex(i) + hex(i + 1) + hex(i + 2));
        g.writeEndObject();
        g.writeStringField("creationDate", BASE.minusSeconds(r.nextInt(100_000_000)).toString());
        g.writeObjectFieldStart("versioning");
        g.writeStringField("status", changed ? "Enabled" : r.nextBoolean() ? "Enabled" : "Off");
        g.writeBooleanField("changed", changed);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void securityGroup(JsonGenerator g, Random r, int i, String account, boolean changed)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("description", "bench group " + i);
        g.writeStringField("groupName", "bench-sg-" + i);
        g.writeArrayFieldStart("ipPermissions");
        int rules = 1 + r.nextInt(3) + (changed ? 1 : 0);
        for (int k = 0; k < rules; k++) {
            int port = new int[] {22, 80, 443, 3389, 5432}[r.nextInt(5)];
            g.writeStartObject();
            g.writeNumberField("fromPort", port);
            g.writeStringField("ipProtocol", "tcp");
            g.writeArrayFieldStart("ipv6Ranges");
            g.writeEndArray();
            g.writeArrayFieldStart("prefixListIds");
            g.writeEndArray();
            g.writeNumberField("toPort", port);
            g.writeArrayFieldStart("userIdGroupPairs");
            g.writeEndArray();
            String cidr = r.nextInt(5) == 0 ? "0.0.0.0/0" : "10." + r.nextInt(256) + ".0.0/16";
            g.writeArrayFieldStart("ipv4Ranges");
            g.writeStartObject();
            g.writeStringField("cidrIp", cidr);
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("ipRanges");
            g.writeString(cidr);
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("ownerId", account);
        g.writeStringField("groupId", "sg-" + hex(i));
        g.writeStringField("vpcId", "vpc-" + hex(i % 1000));
        g.writeEndObject();
    }

    private static void volume(JsonGenerator g, Random r, int i, String region, boolean changed) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("attachments");
        if (r.nextBoolean()) {
            g.writeStartObject();
            g.writeStringField("attachTime", BASE.minusSeconds(r.nextInt(10_000_000)).toString());
            g.writeStringField("device", "/dev/xvda");
            g.writeStringField("instanceId", "i-" + hex(i));
            g.writeStringField("state", "attached");
            g.writeStringField("volumeId", "vol-" + hex(i));
            g.writeBooleanField("deleteOnTermination", true);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("availabilityZone", region + "a");
        g.writeStringField("createTime", BASE.minusSeconds(r.nextInt(50_000_000)).toString());
        g.writeBooleanField("encrypted", changed || r.nextInt(3) != 0);
        g.writeNullField("kmsKeyId");
        g.writeNumberField("size", 8 + r.nextInt(1000) + (changed ? 1 : 0));
        g.writeStringField("snapshotId", "");
        g.writeStringField("state", "in-use");
        g.writeStringField("volumeId", "vol-" + hex(i));
        g.writeNumberField("iops", 3000);
        g.writeStringField("volumeType", "gp3");
        g.writeBooleanField("multiAttachEnabled", false);
        g.writeNumberField("throughput", 125);
        g.writeEndObject();
    }

    private static void user(JsonGenerator g, Random r, int i, String account, boolean changed) throws IOException {
        g.writeStartObject();
        g.writeStringField("path", "/");
        g.writeStringField("userName", "bench-user-" + i);
        g.writeStringField("userId", "AIDA" + hex(i).toUpperCase());
        g.writeStringField("arn", "arn:aws:iam::" + account + ":user/bench-user-" + i);
        g.writeStringField("createDate", BASE.minusSeconds(r.nextInt(90_000_000)).toString());
        g.writeArrayFieldStart("userPolicyList");
        g.writeEndArray();
        g.writeArrayFieldStart("groupList");
        g.writeString(changed ? "admins" : r.nextBoolean() ? "developers" : "readers");
        g.writeEndArray();
        g.writeArrayFieldStart("attachedManagedPolicies");
        g.writeStartObject();
        String policy = r.nextInt(20) == 0 ? "AdministratorAccess" : "ReadOnlyAccess";
        g.writeStringField("policyName", policy);
        g.writeStringField("policyArn", "arn:aws:iam::aws:policy/" + policy);
        g.writeEndObject();
        g.writeEndArray();
        g.writeNullField("permissionsBoundary");
        g.writeEndObject();
    }

    private static void database(JsonGenerator g, Random r, int i, String region, String account, boolean changed)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("dBInstanceIdentifier", "bench-db-" + i);
        g.writeStringField("dBInstanceClass", "db.t3.medium");
        g.writeStringField("engine", r.nextBoolean() ? "postgres" : "mysql");
        g.writeStringField("engineVersion", "15." + r.nextInt(8));
        g.writeStringField("dBInstanceStatus", "available");
        g.writeStringField("masterUsername", "admin");
        g.writeObjectFieldStart("endpoint");
        g.writeStringField("address", "bench-db-" + i + ".c9akciq32." + region + ".rds.amazonaws.com");
        g.writeNumberField("port", 5432);
        g.writeStringField("hostedZoneId", "Z2R2ITUGPM61AM");
        g.writeEndObject();
        g.writeNumberField("allocatedStorage", 20 + r.nextInt(500));
        g.writeNumberField("backupRetentionPeriod", changed ? 35 : r.nextInt(8));
        g.writeBooleanField("multiAZ", r.nextBoolean());
        g.writeBooleanField("publiclyAccessible", r.nextInt(10) == 0);
        g.writeBooleanField("storageEncrypted", r.nextInt(4) != 0);
        g.writeStringField("dbiResourceId", "db-" + hex(i).toUpperCase());
        g.writeBooleanField("deletionProtection", r.nextBoolean());
        g.writeStringField("dBInstanceArn", "arn:aws:rds:" + region + ":" + account + ":db:bench-db-" + i);
        g.writeEndObject();
    }
}
