package io.praetor.adapters.s3;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.credentials.Credentials;
import io.praetor.ports.inventory.InventorySource;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.LiveInventoryConnector;
import io.praetor.ports.inventory.Resource;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The {@code s3} live inventory source ({@code source: s3-live}): lists the buckets of an S3 endpoint
 * (page by page) and describes each into an {@code aws.s3.bucket} resource in the AWS Config item
 * shape the policy pack reads — {@code configuration} (name, owner, creation date) and
 * {@code supplementaryConfiguration} ({@code BucketVersioningConfiguration},
 * {@code ServerSideEncryptionConfiguration}, {@code PublicAccessBlockConfiguration},
 * {@code AccessControlList}, {@code BucketPolicy}), item-level tags.
 *
 * <p>A setting the endpoint does not implement (501 / NotImplemented, as s3proxy answers for
 * public access block and tagging) or refuses to show (403) is <em>unknown</em>: its key is left out
 * of {@code supplementaryConfiguration} — never filled with a compliant default — and named with the
 * reason in {@code unknownSettings}. Throttling, 5xx and connection failures are retried (six
 * attempts, jittered exponential backoff; longer for throttling); a listing or a description that
 * still fails makes the whole fetch fail ({@code DEPENDENCY_UNAVAILABLE}) so a partial read is never
 * taken for a full snapshot. A bucket deleted between listing and describing is left out.
 */
public final class S3LiveInventory implements LiveInventoryConnector {
    public static final String KIND = "s3";
    public static final String SOURCE = "s3-live";
    public static final String TYPE = "aws.s3.bucket";
    static final int ATTEMPTS = 6;
    private static final String DEFAULT_REGION = "us-east-1";
    private static final int PAGE_SIZE = 1000;

    private final InstantSource clock;
    private final Function<InventorySource, AwsCredentialsProvider> fallbackCredentials;

    /** Sources without credentials from the port use the AWS SDK default chain. */
    public S3LiveInventory(InstantSource clock) {
        this(clock, s -> DefaultCredentialsProvider.builder().build());
    }

    S3LiveInventory(InstantSource clock, Function<InventorySource, AwsCredentialsProvider> fallbackCredentials) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fallbackCredentials = Objects.requireNonNull(fallbackCredentials, "fallbackCredentials");
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String provider() {
        return "aws";
    }

    @Override
    public String sourceName() {
        return SOURCE;
    }

    @Override
    public List<String> check(InventorySource source) {
        List<String> problems = new ArrayList<>();
        source.endpoint().ifPresent(e -> {
            if (endpoint(e).isEmpty()) problems.add("endpoint must be an absolute http(s) URL, not '" + e + "'");
        });
        source.region().ifPresent(r -> {
            if (!r.matches("[a-z0-9-]{1,32}")) problems.add("region must look like us-east-1, not '" + r + "'");
        });
        return problems;
    }

    @Override
    public void fetch(InventorySource source, Optional<Credentials> credentials, Consumer<Resource> sink) {
        List<String> problems = check(source);
        if (!problems.isEmpty()) throw new PraetorException(ErrorCode.VALIDATION, String.join("; ", problems));
        AwsCredentialsProvider provider;
        try {
            provider = credentials.map(S3Clients::provider).orElseGet(() -> fallbackCredentials.apply(source));
        } catch (IllegalArgumentException e) {
            throw new PraetorException(ErrorCode.VALIDATION, "source " + source.id() + ": " + e.getMessage());
        }
        try (S3Client s3 = S3Clients.build(source.endpoint().flatMap(S3LiveInventory::endpoint),
                source.region().orElse(DEFAULT_REGION), source.pathStyle(), provider, ATTEMPTS)) {
            fetch(s3, source, sink);
        } catch (SdkException e) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                    "cannot read S3 source " + source.id() + ": " + e.getMessage(), e);
        }
    }

    /** Lists and describes every bucket through {@code s3}; SDK failures propagate. */
    void fetch(S3Client s3, InventorySource source, Consumer<Resource> sink) {
        Instant observed = clock.instant();
        String account = source.account().orElse("");
        String token = null;
        do {
            String continuation = token;
            ListBucketsResponse page = s3.listBuckets(b -> b.maxBuckets(PAGE_SIZE).continuationToken(continuation));
            for (Bucket bucket : page.buckets()) {
                describe(s3, bucket, page, source, account, observed).ifPresent(sink);
            }
            token = page.continuationToken();
        } while (token != null && !token.isEmpty());
    }

    private Optional<Resource> describe(S3Client s3, Bucket bucket, ListBucketsResponse page, InventorySource source,
                                        String account, Instant observed) {
        String name = bucket.name();
        try {
            Map<String, String> unknown = new LinkedHashMap<>();
            String region = region(s3, bucket, source, unknown);
            Map<String, Object> supplementary = new LinkedHashMap<>();
            Map<String, Object> tags = Map.of();
            BucketSetting.Versioning versioning = new BucketSetting.Versioning();
            read(unknown, BucketSetting.Versioning.KEY, () -> supplementary.putAll(inner(versioning.read(s3, name))));
            read(unknown, BucketSetting.DefaultEncryption.KEY,
                    () -> supplementary.putAll(inner(new BucketSetting.DefaultEncryption().read(s3, name))));
            read(unknown, BucketSetting.PublicAccessBlock.KEY,
                    () -> supplementary.putAll(inner(new BucketSetting.PublicAccessBlock().read(s3, name))));
            read(unknown, "AccessControlList", () -> supplementary.put("AccessControlList", acl(s3.getBucketAcl(b -> b.bucket(name)))));
            read(unknown, "BucketPolicy", () -> supplementary.put("BucketPolicy", policy(s3, name)));
            Map<String, Object> tagHolder = new LinkedHashMap<>();
            read(unknown, "tags", () -> tagHolder.putAll(new BucketSetting.Tags().read(s3, name)));
            if (tagHolder.get(BucketSetting.Tags.KEY) instanceof Map<?, ?> t) {
                Map<String, Object> copy = new LinkedHashMap<>();
                t.forEach((k, v) -> copy.put((String) k, v));
                tags = copy;
            }

            Map<String, Object> configuration = new LinkedHashMap<>();
            configuration.put("name", name);
            if (page.owner() != null) configuration.put("owner", owner(page.owner().displayName(), page.owner().id()));
            if (bucket.creationDate() != null) configuration.put("creationDate", bucket.creationDate().toString());
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("resourceId", name);
            properties.put("configurationItemStatus", "OK");
            properties.put("configuration", configuration);
            properties.put("supplementaryConfiguration", supplementary);
            if (!unknown.isEmpty()) properties.put("unknownSettings", unknown);
            Map<String, String> tagStrings = new LinkedHashMap<>();
            tags.forEach((k, v) -> tagStrings.put(k, String.valueOf(v)));
            return Optional.of(Resource.of("arn:aws:s3:::" + name, TYPE, name, region, account, tagStrings,
                    JsonTrees.freezeObject(properties), SOURCE, observed));
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && "NoSuchBucket".equals(errorCode(e))) return Optional.empty(); // deleted meanwhile
            throw e;
        }
    }

    /** Runs one read; a 501 or 403 marks the setting unknown with the endpoint's error code. */
    private static void read(Map<String, String> unknown, String key, Runnable read) {
        try {
            read.run();
        } catch (S3Exception e) {
            if (e.statusCode() == 501 || e.statusCode() == 403 || "NotImplemented".equals(errorCode(e))) {
                unknown.put(key, errorCode(e).isEmpty() ? "HTTP " + e.statusCode() : errorCode(e));
            } else {
                throw e;
            }
        }
    }

    private static String region(S3Client s3, Bucket bucket, InventorySource source, Map<String, String> unknown) {
        if (bucket.bucketRegion() != null && !bucket.bucketRegion().isEmpty()) return bucket.bucketRegion();
        String[] region = {source.region().orElse(DEFAULT_REGION)};
        read(unknown, "awsRegion", () -> {
            String constraint = s3.getBucketLocation(b -> b.bucket(bucket.name())).locationConstraintAsString();
            // S3 answers no constraint for us-east-1 and "EU" for the oldest eu-west-1 buckets
            if (constraint == null || constraint.isEmpty() || constraint.equals("null")) region[0] = DEFAULT_REGION;
            else if (constraint.equals("EU")) region[0] = "eu-west-1";
            else region[0] = constraint;
        });
        return region[0];
    }

    private static Map<String, Object> inner(Map<String, Object> state) {
        @SuppressWarnings("unchecked")
        Map<String, Object> supplementary = (Map<String, Object>) state.get("supplementaryConfiguration");
        return supplementary;
    }

    // AWS Config's AccessControlList: groups by their last URI segment, canonical users by id
    private static Map<String, Object> acl(GetBucketAclResponse acl) {
        List<Object> grants = new ArrayList<>();
        for (Grant g : acl.grants()) {
            Map<String, Object> grant = new LinkedHashMap<>();
            grant.put("grantee", grantee(g.grantee()));
            grant.put("permission", permission(g.permissionAsString()));
            grants.add(grant);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grantSet", null);
        m.put("grantList", grants);
        m.put("owner", acl.owner() == null ? null : owner(acl.owner().displayName(), acl.owner().id()));
        m.put("isRequesterCharged", false);
        return m;
    }

    private static Object grantee(Grantee g) {
        if (g == null) return null;
        if (g.uri() != null) return g.uri().substring(g.uri().lastIndexOf('/') + 1);
        if (g.emailAddress() != null) return g.emailAddress();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", g.id());
        user.put("displayName", g.displayName());
        return user;
    }

    // READ_ACP → ReadAcp, FULL_CONTROL → FullControl
    private static String permission(String s3Permission) {
        if (s3Permission == null) return null;
        StringBuilder out = new StringBuilder();
        for (String part : s3Permission.toLowerCase(Locale.ROOT).split("_")) {
            if (!part.isEmpty()) out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    private static Map<String, Object> owner(String displayName, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("displayName", displayName);
        m.put("id", id);
        return m;
    }

    // AWS Config: {policyText: <the policy JSON, parsed by the importer; here the text>} or null text
    private static Map<String, Object> policy(S3Client s3, String bucket) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            m.put("policyText", s3.getBucketPolicy(b -> b.bucket(bucket)).policy());
        } catch (S3Exception e) {
            // AWS says NoSuchBucketPolicy; S3-compatible stores name it differently, but only NoSuchBucket means the bucket went
            if (e.statusCode() != 404 || "NoSuchBucket".equals(errorCode(e))) throw e;
            m.put("policyText", null);
        }
        return m;
    }

    static Optional<URI> endpoint(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }
}
