package io.praetor.bench.decide;

import io.praetor.domain.decide.LoadedPolicy;
import io.praetor.domain.decide.PolicyLoader;
import io.praetor.domain.decide.PolicyParse;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seeded workload of the decide benchmarks: resources of five AWS types in the AWS Config
 * shape (about 1–2 KB each as JSON) and 100 policies, 20 per type, so each resource meets about 20
 * policies. The same seed gives the same data.
 */
public final class DecideWorkload {
    public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    public static final String[] TYPES = {"aws.s3.bucket", "aws.ec2.securitygroup", "aws.ec2.volume", "aws.rds.dbinstance",
            "aws.iam.user"};
    private static final String[] TAG_KEYS = {"owner", "env", "cost-center", "team"};

    private DecideWorkload() {}

    /** Keys repeat across 100,000 records; sharing one String per key is what a reader that interns keys gets. */
    private static final Map<String, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String k(String key) {
        return KEYS.computeIfAbsent(key, x -> x);
    }

    public static List<Resource> resources(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Resource> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(resource(i, random));
        return out;
    }

    public static Resource resource(int i, SplittableRandom random) {
        String type = TYPES[i % TYPES.length];
        String account = "1111" + (100000 + random.nextInt(20)) + "22";
        String region = random.nextBoolean() ? "us-east-1" : "eu-west-1";
        String id = "arn:aws:" + type.split("\\.")[1] + ":" + region + ":" + account + ":" + type.substring(type.lastIndexOf('.') + 1)
                + "/r-" + Integer.toHexString(i) + "-" + Long.toHexString(random.nextLong());
        Map<String, String> tags = new LinkedHashMap<>();
        for (String key : TAG_KEYS) {
            if (random.nextInt(10) < 8) tags.put(k(key), key + "-" + random.nextInt(50));
        }
        if (random.nextBoolean()) tags.put(k("env"), random.nextBoolean() ? "prod" : "dev");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(k("arn"), id);
        p.put(k("configurationItemCaptureTime"), NOW.minus(Duration.ofHours(random.nextInt(2000))).toString());
        p.put(k("configurationStateId"), random.nextLong());
        p.put(k("resourceCreationTime"), NOW.minus(Duration.ofDays(random.nextInt(900))).toString());
        switch (type) {
            case "aws.s3.bucket" -> s3(p, random);
            case "aws.ec2.securitygroup" -> securityGroup(p, random);
            case "aws.ec2.volume" -> volume(p, random);
            case "aws.rds.dbinstance" -> rds(p, random);
            default -> iamUser(p, random);
        }
        return Resource.of(id, type, "r-" + i, region, account, tags, JsonTrees.freezeObject(p), "aws-config",
                NOW.minus(Duration.ofMinutes(random.nextInt(10000))));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(k((String) kv[i]), kv[i + 1]);
        return m;
    }

    private static void s3(Map<String, Object> p, SplittableRandom r) {
        Map<String, Object> supp = new LinkedHashMap<>();
        if (r.nextInt(10) < 7) {
            supp.put(k("ServerSideEncryptionConfiguration"), map("rules", List.of(map("applyServerSideEncryptionByDefault",
                    map("sseAlgorithm", r.nextBoolean() ? "AES256" : "aws:kms", "kmsMasterKeyID", r.nextBoolean() ? "key-" + r.nextInt(99) : null),
                    "bucketKeyEnabled", r.nextBoolean()))));
        }
        supp.put(k("BucketVersioningConfiguration"), map("status", r.nextInt(3) == 0 ? "Off" : "Enabled", "isMfaDeleteEnabled", null));
        supp.put(k("PublicAccessBlockConfiguration"), map("blockPublicAcls", r.nextInt(10) > 0, "ignorePublicAcls", r.nextInt(10) > 0,
                "blockPublicPolicy", r.nextInt(10) > 0, "restrictPublicBuckets", r.nextInt(10) > 0));
        if (r.nextBoolean()) supp.put(k("BucketLoggingConfiguration"), map("destinationBucketName", "logs-" + r.nextInt(10), "logFilePrefix", "s3/"));
        supp.put(k("BucketPolicy"), map("policyText", map("Version", "2012-10-17", "Statement", List.of(
                map("Sid", "DenyInsecure", "Effect", "Deny", "Principal", "*", "Action", "s3:*",
                        "Condition", map("Bool", map("aws:SecureTransport", r.nextBoolean() ? "false" : "true")))))));
        supp.put(k("BucketLifecycleConfiguration"), map("rules", List.of(map("id", "expire", "status", "Enabled",
                "expirationInDays", (long) (30 + r.nextInt(400))))));
        p.put(k("supplementaryConfiguration"), supp);
        p.put(k("configuration"), map("name", "bucket-" + r.nextInt(1_000_000), "owner", map("displayName", "owner", "id", Long.toHexString(r.nextLong())),
                "creationDate", NOW.minus(Duration.ofDays(r.nextInt(2000))).toString()));
    }

    private static void securityGroup(Map<String, Object> p, SplittableRandom r) {
        String[] cidrs = {"0.0.0.0/0", "10.0.0.0/8", "172.16.4.0/24", "192.168.1.0/24", "203.0.114.0/24", "::/0"};
        long[] ports = {22, 80, 443, 3389, 5432, 3306, 8080, 6379};
        List<Object> ingress = new ArrayList<>();
        int n = 2 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            long from = ports[r.nextInt(ports.length)];
            boolean range = r.nextInt(5) == 0;
            ingress.add(map("ipProtocol", r.nextInt(8) == 0 ? "-1" : "tcp", "fromPort", from, "toPort", range ? from + 100 : from,
                    "ipv4Ranges", List.of(map("cidrIp", cidrs[r.nextInt(cidrs.length - 1)], "description", "rule " + i)),
                    "ipv6Ranges", r.nextInt(6) == 0 ? List.of(map("cidrIpv6", "::/0")) : List.of(),
                    "userIdGroupPairs", List.of()));
        }
        p.put(k("configuration"), map("groupId", "sg-" + Long.toHexString(r.nextLong()), "groupName", r.nextInt(10) == 0 ? "default" : "app-" + r.nextInt(100),
                "description", r.nextInt(10) == 0 ? "" : "managed by terraform", "vpcId", "vpc-" + r.nextInt(50),
                "ipPermissions", ingress,
                "ipPermissionsEgress", List.of(map("ipProtocol", "-1", "fromPort", -1L, "toPort", -1L,
                        "ipv4Ranges", List.of(map("cidrIp", r.nextInt(3) == 0 ? "10.0.0.0/8" : "0.0.0.0/0"))))));
    }

    private static void volume(Map<String, Object> p, SplittableRandom r) {
        p.put(k("configuration"), map("volumeId", "vol-" + Long.toHexString(r.nextLong()), "size", (long) (8 + r.nextInt(3000)),
                "encrypted", r.nextInt(4) > 0, "kmsKeyId", r.nextBoolean() ? "arn:aws:kms:us-east-1:111122223333:key/" + r.nextInt(9999) : null,
                "volumeType", r.nextBoolean() ? "gp3" : "gp2", "iops", (long) (3000 + r.nextInt(10000)),
                "createTime", NOW.minus(Duration.ofDays(r.nextInt(1500))).toString(), "state", r.nextInt(5) == 0 ? "available" : "in-use",
                "attachments", r.nextInt(5) == 0 ? List.of() : List.of(map("instanceId", "i-" + Long.toHexString(r.nextLong()),
                        "device", "/dev/xvda", "deleteOnTermination", r.nextBoolean(), "state", "attached")),
                "snapshotId", "snap-" + Long.toHexString(r.nextLong()), "multiAttachEnabled", false));
    }

    private static void rds(Map<String, Object> p, SplittableRandom r) {
        String[] engines = {"postgres", "mysql", "aurora-postgresql"};
        String[] versions = {"11.22", "13.14", "14.10", "15.5", "16.2", "5.7.44", "8.0.35"};
        p.put(k("configuration"), map("dBInstanceIdentifier", "db-" + r.nextInt(100000), "engine", engines[r.nextInt(engines.length)],
                "engineVersion", versions[r.nextInt(versions.length)], "storageEncrypted", r.nextInt(5) > 0,
                "publiclyAccessible", r.nextInt(8) == 0, "backupRetentionPeriod", (long) r.nextInt(36), "multiAZ", r.nextBoolean(),
                "deletionProtection", r.nextBoolean(), "dBInstanceClass", "db.r6g.large", "allocatedStorage", (long) (20 + r.nextInt(2000)),
                "autoMinorVersionUpgrade", r.nextBoolean(), "iAMDatabaseAuthenticationEnabled", r.nextBoolean(),
                "endpoint", map("address", "db.example.internal", "port", 5432L),
                "vpcSecurityGroups", List.of(map("vpcSecurityGroupId", "sg-" + r.nextInt(9999), "status", "active")),
                "enabledCloudwatchLogsExports", r.nextBoolean() ? List.of("postgresql") : List.of()));
    }

    private static void iamUser(Map<String, Object> p, SplittableRandom r) {
        List<Object> keys = new ArrayList<>();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            keys.add(map("accessKeyId", "AKIA" + Long.toHexString(r.nextLong()).toUpperCase(), "status", r.nextInt(4) == 0 ? "Inactive" : "Active",
                    "createDate", NOW.minus(Duration.ofDays(r.nextInt(400))).toString()));
        }
        p.put(k("configuration"), map("userName", "user-" + r.nextInt(100000), "userId", "AIDA" + Long.toHexString(r.nextLong()),
                "path", "/", "createDate", NOW.minus(Duration.ofDays(r.nextInt(2000))).toString(),
                "accessKeys", keys, "mfaDevices", r.nextInt(3) == 0 ? List.of() : List.of(map("serialNumber", "arn:aws:iam::1:mfa/u")),
                "attachedManagedPolicies", List.of(map("policyName", r.nextInt(10) == 0 ? "AdministratorAccess" : "ReadOnlyAccess",
                        "policyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess")),
                "groupList", List.of("developers"), "passwordLastUsed", NOW.minus(Duration.ofDays(r.nextInt(200))).toString()));
    }

    /** 20 policies per type (5 rules × 4 variants), loaded through the real policy loader. */
    public static List<Policy> policies() {
        StringBuilder yaml = new StringBuilder();
        int n = 0;
        for (String type : TYPES) {
            List<String[]> rules = rules(type);
            for (int v = 0; v < 4; v++) {
                for (String[] rule : rules) {
                    String violation = rule[1].replace("$V", String.valueOf(v)).replace("$TAG", TAG_KEYS[v]);
                    yaml.append("---\napiVersion: praetor.io/v1\nkind: Policy\nmetadata:\n  id: bench-").append(n++)
                            .append("\n  title: ").append(rule[0]).append(" v").append(v)
                            .append("\n  severity: ").append(new String[] {"critical", "high", "medium", "low"}[v])
                            .append("\n  frameworks: {soc2: [\"CC6.1\"]}\nspec:\n  resource: ").append(type)
                            .append("\n  params: {v: ").append(v).append(", sandbox: [\"111110000022\"], algos: [\"AES256\", \"aws:kms\"],")
                            .append(" ports: [22, 3389, 5432, 3306], min: [\"11.0\", \"13.0\", \"14.0\", \"15.0\"]}")
                            .append(rule.length > 2 ? "\n  variables:\n" + rule[2] : "")
                            .append("\n  violation: >-\n    ").append(violation)
                            .append("\n  message: '").append(rule[0]).append(" on ${resource.name}'\n");
                }
            }
        }
        PolicyParse parse = new PolicyLoader().load(yaml.toString());
        if (parse.hasErrors()) throw new IllegalStateException(parse.issues().toString());
        return parse.policies().stream().map(LoadedPolicy::policy).toList();
    }

    private static List<String[]> rules(String type) {
        String[] tagRule = {"Required tag missing", "!('$TAG' in resource.tags) || resource.tags['$TAG'] == ''"};
        return switch (type) {
            case "aws.s3.bucket" -> List.of(
                    new String[] {"S3 default encryption", "variables.rules.size() == 0 || !variables.rules.exists(r, r.?applyServerSideEncryptionByDefault.?sseAlgorithm.orValue('') in params.algos)",
                            "    - name: rules\n      expression: resource.properties.?supplementaryConfiguration.?ServerSideEncryptionConfiguration.?rules.orValue([])"},
                    new String[] {"S3 versioning", "!(resource.account in params.sandbox) && resource.properties.supplementaryConfiguration.?BucketVersioningConfiguration.?status.orValue('Off') != 'Enabled'"},
                    new String[] {"S3 public access block", "!variables.pab.orValue({}).all(k, variables.pab.value()[k] == true) || variables.pab.orValue({}).size() < 4 - params.v",
                            "    - name: pab\n      expression: resource.properties.?supplementaryConfiguration.?PublicAccessBlockConfiguration"},
                    new String[] {"S3 access logging", "resource.properties.supplementaryConfiguration.?BucketLoggingConfiguration.?destinationBucketName.orValue('') == '' && params.v >= 0"},
                    tagRule);
            case "aws.ec2.securitygroup" -> List.of(
                    new String[] {"Admin port open to the internet", "resource.properties.configuration.ipPermissions.exists(p, (p.ipProtocol == '-1' || (p.fromPort <= params.ports[params.v] && params.ports[params.v] <= p.toPort)) && p.ipv4Ranges.exists(c, isPublicCidr(c.cidrIp)))"},
                    new String[] {"All traffic from anywhere", "resource.properties.configuration.ipPermissions.exists(p, p.ipProtocol == '-1' && p.ipv4Ranges.exists(c, c.cidrIp == '0.0.0.0/0'))"},
                    new String[] {"Unrestricted egress", "resource.properties.configuration.ipPermissionsEgress.exists(p, portInRange(p.fromPort, params.ports[params.v]) && p.ipv4Ranges.exists(c, cidrContains(c.cidrIp, '8.8.8.8')))"},
                    new String[] {"Default or undescribed group", "resource.properties.configuration.groupName == 'default' || resource.properties.configuration.description.trim() == ''"},
                    tagRule);
            case "aws.ec2.volume" -> List.of(
                    new String[] {"EBS encryption", "!resource.properties.configuration.encrypted"},
                    new String[] {"Oversized volume", "resource.properties.configuration.size > 500 * (params.v + 1)"},
                    new String[] {"Old unattached volume", "resource.properties.configuration.state == 'available' && ageDays(timestamp(resource.properties.configuration.createTime)) > 30 * (params.v + 1)"},
                    new String[] {"gp2 volume", "resource.properties.configuration.volumeType == 'gp2' && resource.properties.configuration.iops > 3000 + params.v * 1000"},
                    tagRule);
            case "aws.rds.dbinstance" -> List.of(
                    new String[] {"RDS encryption", "!resource.properties.configuration.storageEncrypted"},
                    new String[] {"RDS public", "resource.properties.configuration.publiclyAccessible && resource.properties.configuration.endpoint.port > 0"},
                    new String[] {"RDS backups", "resource.properties.configuration.backupRetentionPeriod < 7 * (params.v + 1)"},
                    new String[] {"RDS engine version", "resource.properties.configuration.engine.startsWith('postgres') && semverLess(resource.properties.configuration.engineVersion, params.min[params.v])"},
                    tagRule);
            default -> List.of(
                    new String[] {"Old access keys", "resource.properties.configuration.accessKeys.exists(k, k.status == 'Active' && ageDays(timestamp(k.createDate)) > 90 * (params.v + 1))"},
                    new String[] {"No MFA", "resource.properties.configuration.mfaDevices.size() == 0 && params.v >= 0"},
                    new String[] {"Administrator attached", "resource.properties.configuration.attachedManagedPolicies.exists(p, p.policyName.lowerAscii().contains('administrator'))"},
                    new String[] {"Inactive keys kept", "resource.properties.configuration.accessKeys.filter(k, k.status == 'Inactive').size() > params.v"},
                    tagRule);
        };
    }
}
