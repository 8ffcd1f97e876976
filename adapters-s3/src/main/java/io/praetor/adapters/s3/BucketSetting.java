package io.praetor.adapters.s3;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * One bucket setting a remediation handler changes. Its state is a JSON tree in the shape of the
 * AWS Config item the policy pack reads ({@code supplementaryConfiguration.<Name>}, or {@code tags}),
 * so the plan's diff shows exactly the keys a policy checks. {@link #write} makes the bucket match
 * a state, which makes apply (the planned state) and rollback (the prior state) idempotent.
 */
sealed interface BucketSetting {
    /** The handler name policies use. */
    String handlerName();

    boolean destructive();

    /** Problems with the params, empty when they are usable. */
    List<String> checkParams(Map<String, Object> params);

    /** The setting as the bucket has it now. */
    Map<String, Object> read(S3Client s3, String bucket);

    /** The state after the change, from the current state and the params. */
    Map<String, Object> planned(Map<String, Object> current, Map<String, Object> params);

    void write(S3Client s3, String bucket, Map<String, Object> state);

    String summary(String bucket, Map<String, Object> planned);

    /** {@code aws.s3.enable-versioning}: versioning Enabled. Not destructive. */
    record Versioning() implements BucketSetting {
        static final String KEY = "BucketVersioningConfiguration";

        @Override
        public String handlerName() {
            return "aws.s3.enable-versioning";
        }

        @Override
        public boolean destructive() {
            return false;
        }

        @Override
        public List<String> checkParams(Map<String, Object> params) {
            return List.of();
        }

        @Override
        public Map<String, Object> read(S3Client s3, String bucket) {
            GetBucketVersioningResponse r = s3.getBucketVersioning(b -> b.bucket(bucket));
            // AWS Config says "Off" for a bucket that never had versioning; the API omits the status
            String status = r.status() == null ? "Off" : r.statusAsString();
            return supplementary(KEY, Map.of("status", status));
        }

        @Override
        public Map<String, Object> planned(Map<String, Object> current, Map<String, Object> params) {
            return supplementary(KEY, Map.of("status", "Enabled"));
        }

        @Override
        public void write(S3Client s3, String bucket, Map<String, Object> state) {
            String status = (String) ((Map<?, ?>) supplementaryValue(state, KEY)).get("status");
            // a bucket cannot go back to "Off" once versioned: Suspended is the closest prior state
            BucketVersioningStatus target = status.equals("Enabled") ? BucketVersioningStatus.ENABLED
                    : BucketVersioningStatus.SUSPENDED;
            if (status.equals("Off") && read(s3, bucket).equals(state)) return;
            s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(target)));
        }

        @Override
        public String summary(String bucket, Map<String, Object> planned) {
            return "Enable versioning on bucket " + bucket;
        }
    }

    /** {@code aws.s3.enable-default-encryption {algorithm, kmsKeyId?}}: one default encryption rule. */
    record DefaultEncryption() implements BucketSetting {
        static final String KEY = "ServerSideEncryptionConfiguration";
        private static final Set<String> ALGORITHMS = Set.of("AES256", "aws:kms", "aws:kms:dsse");

        @Override
        public String handlerName() {
            return "aws.s3.enable-default-encryption";
        }

        @Override
        public boolean destructive() {
            return false;
        }

        @Override
        public List<String> checkParams(Map<String, Object> params) {
            List<String> problems = new ArrayList<>();
            if (!(params.get("algorithm") instanceof String a) || !ALGORITHMS.contains(a)) {
                problems.add("params.algorithm must be one of " + ALGORITHMS);
            } else if (params.containsKey("kmsKeyId")) {
                if (!(params.get("kmsKeyId") instanceof String)) problems.add("params.kmsKeyId must be a string");
                else if (a.equals("AES256")) problems.add("params.kmsKeyId applies only to aws:kms algorithms");
            }
            return problems;
        }

        @Override
        public Map<String, Object> read(S3Client s3, String bucket) {
            try {
                var config = s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration();
                List<Object> rules = new ArrayList<>();
                for (ServerSideEncryptionRule rule : config.rules()) {
                    Map<String, Object> byDefault = new LinkedHashMap<>();
                    ServerSideEncryptionByDefault d = rule.applyServerSideEncryptionByDefault();
                    if (d != null) {
                        byDefault.put("sseAlgorithm", d.sseAlgorithmAsString());
                        if (d.kmsMasterKeyID() != null) byDefault.put("kmsMasterKeyID", d.kmsMasterKeyID());
                    }
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("applyServerSideEncryptionByDefault", byDefault);
                    // only "true" is recorded: AWS answers false where S3-compatible stores omit it
                    if (Boolean.TRUE.equals(rule.bucketKeyEnabled())) r.put("bucketKeyEnabled", true);
                    rules.add(r);
                }
                return supplementary(KEY, Map.of("rules", rules));
            } catch (S3Exception e) {
                if (e.statusCode() == 404 && "ServerSideEncryptionConfigurationNotFoundError".equals(errorCode(e))) {
                    return supplementary(KEY, null);
                }
                throw e;
            }
        }

        @Override
        public Map<String, Object> planned(Map<String, Object> current, Map<String, Object> params) {
            Map<String, Object> byDefault = new LinkedHashMap<>();
            byDefault.put("sseAlgorithm", params.get("algorithm"));
            if (params.get("kmsKeyId") instanceof String key) byDefault.put("kmsMasterKeyID", key);
            return supplementary(KEY, Map.of("rules", List.of(Map.of("applyServerSideEncryptionByDefault", byDefault))));
        }

        @Override
        public void write(S3Client s3, String bucket, Map<String, Object> state) {
            Object config = supplementaryValue(state, KEY);
            if (config == null) {
                s3.deleteBucketEncryption(b -> b.bucket(bucket));
                return;
            }
            List<ServerSideEncryptionRule> rules = new ArrayList<>();
            for (Object o : (List<?>) ((Map<?, ?>) config).get("rules")) {
                Map<?, ?> rule = (Map<?, ?>) o;
                Map<?, ?> d = (Map<?, ?>) rule.get("applyServerSideEncryptionByDefault");
                var builder = ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(
                        x -> x.sseAlgorithm((String) d.get("sseAlgorithm")).kmsMasterKeyID((String) d.get("kmsMasterKeyID")));
                if (rule.get("bucketKeyEnabled") instanceof Boolean bk) builder.bucketKeyEnabled(bk);
                rules.add(builder.build());
            }
            s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(rules)));
        }

        @Override
        public String summary(String bucket, Map<String, Object> planned) {
            return "Encrypt new objects in bucket " + bucket + " by default";
        }
    }

    /**
     * {@code aws.s3.block-public-access}: all four Block Public Access settings on. Destructive: a
     * bucket that serves a public website stops serving it.
     */
    record PublicAccessBlock() implements BucketSetting {
        static final String KEY = "PublicAccessBlockConfiguration";
        private static final List<String> FLAGS = List.of("blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy",
                "restrictPublicBuckets");

        @Override
        public String handlerName() {
            return "aws.s3.block-public-access";
        }

        @Override
        public boolean destructive() {
            return true;
        }

        @Override
        public List<String> checkParams(Map<String, Object> params) {
            return List.of();
        }

        @Override
        public Map<String, Object> read(S3Client s3, String bucket) {
            try {
                var c = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
                Map<String, Object> flags = new LinkedHashMap<>();
                flags.put("blockPublicAcls", Boolean.TRUE.equals(c.blockPublicAcls()));
                flags.put("ignorePublicAcls", Boolean.TRUE.equals(c.ignorePublicAcls()));
                flags.put("blockPublicPolicy", Boolean.TRUE.equals(c.blockPublicPolicy()));
                flags.put("restrictPublicBuckets", Boolean.TRUE.equals(c.restrictPublicBuckets()));
                return supplementary(KEY, flags);
            } catch (S3Exception e) {
                if (e.statusCode() == 404 && "NoSuchPublicAccessBlockConfiguration".equals(errorCode(e))) {
                    return supplementary(KEY, null);
                }
                throw e;
            }
        }

        @Override
        public Map<String, Object> planned(Map<String, Object> current, Map<String, Object> params) {
            Map<String, Object> flags = new LinkedHashMap<>();
            for (String f : FLAGS) flags.put(f, true);
            return supplementary(KEY, flags);
        }

        @Override
        public void write(S3Client s3, String bucket, Map<String, Object> state) {
            Object config = supplementaryValue(state, KEY);
            if (config == null) {
                s3.deletePublicAccessBlock(b -> b.bucket(bucket));
                return;
            }
            Map<?, ?> f = (Map<?, ?>) config;
            s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls((Boolean) f.get("blockPublicAcls"))
                    .ignorePublicAcls((Boolean) f.get("ignorePublicAcls"))
                    .blockPublicPolicy((Boolean) f.get("blockPublicPolicy"))
                    .restrictPublicBuckets((Boolean) f.get("restrictPublicBuckets"))));
        }

        @Override
        public String summary(String bucket, Map<String, Object> planned) {
            return "Block all public access to bucket " + bucket;
        }
    }

    /** {@code aws.s3.put-tags {tags}}: merges the given tags into the bucket's; other tags stay. */
    record Tags() implements BucketSetting {
        static final String KEY = "tags";
        private static final int MAX_TAGS = 50;

        @Override
        public String handlerName() {
            return "aws.s3.put-tags";
        }

        @Override
        public boolean destructive() {
            return false;
        }

        @Override
        public List<String> checkParams(Map<String, Object> params) {
            if (!(params.get("tags") instanceof Map<?, ?> tags) || tags.isEmpty()) {
                return List.of("params.tags must be a non-empty map of tag keys to string values");
            }
            List<String> problems = new ArrayList<>();
            tags.forEach((k, v) -> {
                if (!(v instanceof String s)) problems.add("params.tags." + k + " must be a string");
                else if (((String) k).isEmpty() || ((String) k).length() > 128 || s.length() > 256) {
                    problems.add("tag " + k + ": keys are 1-128 characters, values at most 256");
                } else if (((String) k).startsWith("aws:")) problems.add("tag " + k + ": the aws: prefix is reserved");
            });
            return problems;
        }

        @Override
        public Map<String, Object> read(S3Client s3, String bucket) {
            Map<String, Object> tags = new LinkedHashMap<>();
            try {
                for (Tag t : s3.getBucketTagging(b -> b.bucket(bucket)).tagSet()) tags.put(t.key(), t.value());
            } catch (S3Exception e) {
                if (!(e.statusCode() == 404 && "NoSuchTagSet".equals(errorCode(e)))) throw e;
            }
            return Map.of(KEY, tags);
        }

        @Override
        public Map<String, Object> planned(Map<String, Object> current, Map<String, Object> params) {
            Map<String, Object> tags = new LinkedHashMap<>();
            ((Map<?, ?>) current.get(KEY)).forEach((k, v) -> tags.put((String) k, v));
            ((Map<?, ?>) params.get("tags")).forEach((k, v) -> tags.put((String) k, v));
            if (tags.size() > MAX_TAGS) {
                throw new PraetorException(ErrorCode.VALIDATION, "a bucket holds at most " + MAX_TAGS + " tags; the merge gives "
                        + tags.size());
            }
            return Map.of(KEY, tags);
        }

        @Override
        public void write(S3Client s3, String bucket, Map<String, Object> state) {
            Map<?, ?> tags = (Map<?, ?>) state.get(KEY);
            if (tags.isEmpty()) {
                s3.deleteBucketTagging(b -> b.bucket(bucket));
                return;
            }
            List<Tag> set = new ArrayList<>();
            tags.forEach((k, v) -> set.add(Tag.builder().key((String) k).value((String) v).build()));
            s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(set)));
        }

        @Override
        public String summary(String bucket, Map<String, Object> planned) {
            return "Set tags " + ((Map<?, ?>) planned.get(KEY)).keySet() + " on bucket " + bucket;
        }
    }

    private static Map<String, Object> supplementary(String key, Object value) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put(key, value);
        return Map.of("supplementaryConfiguration", inner);
    }

    private static Object supplementaryValue(Map<String, Object> state, String key) {
        return ((Map<?, ?>) state.get("supplementaryConfiguration")).get(key);
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    }
}
