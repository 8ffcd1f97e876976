package io.praetor.adapters.s3;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.EvidenceStore;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Content-addressed evidence in one S3 bucket. Blobs live at {@code <tenant>/sha256/<hash>} with the
 * first writer's media type, name, action id and stored time as object metadata, and are never
 * rewritten: a HEAD comes first, and the PUT carries {@code If-None-Match: *} so two racing writers
 * cannot both write (they write identical bytes anyway).
 *
 * <p>Each reference also gets a small index object
 * {@code <tenant>/index/<action>/<stored-at>-<seq>-<hash>}, where {@code <action>} is {@code _} for
 * none or {@code a-} plus the percent-encoded action id, {@code <stored-at>} is the clock's instant as
 * fixed-width epoch seconds and nanoseconds and {@code <seq>} this store instance's put counter, so
 * keys sort in storing order. Its body is one
 * tab-separated line with the whole reference. Index objects were chosen over object tags because
 * tags cannot be listed with a prefix query and allow only ten per object; listing a prefix is the
 * one query every S3-compatible store implements. {@link #list} lists the prefix and reads each
 * index object. Two store instances (processes) that store at the very same clock instant are
 * ordered by their counters, not necessarily by storing order.
 *
 * <p>Reads recompute the SHA-256: a blob whose bytes do not match its key is an {@code INTERNAL}
 * error and is never returned. Every other S3 or network failure is {@code DEPENDENCY_UNAVAILABLE}
 * (after the client's retry policy gave up).
 */
public final class S3EvidenceStore implements EvidenceStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String NO_ACTION = "_";

    private final S3Client s3;
    private final String bucket;
    private final InstantSource clock;
    private final EvidenceOptions options;
    // orders this store's puts that share one clock instant
    private final AtomicLong sequence = new AtomicLong();
    // whether the bucket has Object Lock on; asked once, on first need
    private volatile Boolean objectLock;

    /** Stores in {@code bucket}, which must exist; the client's retry policy applies to every call. */
    public S3EvidenceStore(S3Client s3, String bucket, InstantSource clock) {
        this(s3, bucket, clock, EvidenceOptions.DEFAULTS);
    }

    public S3EvidenceStore(S3Client s3, String bucket, InstantSource clock, EvidenceOptions options) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Whether the bucket has Object Lock enabled ({@code GetObjectLockConfiguration}); a store that
     * does not implement the call (s3proxy: 501) or a bucket without a configuration is false.
     */
    @Override
    public boolean supportsObjectLock() {
        Boolean known = objectLock;
        if (known != null) return known;
        boolean enabled;
        try {
            var config = s3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
            enabled = config != null && "Enabled".equals(config.objectLockEnabledAsString());
        } catch (S3Exception e) {
            int status = e.statusCode();
            if (status != 404 && status != 501 && status != 400) throw unavailable("cannot read the Object Lock setting", e);
            enabled = false;
        } catch (SdkException e) {
            throw unavailable("cannot read the Object Lock setting", e);
        }
        objectLock = enabled;
        return enabled;
    }

    // retention until, when configured and the bucket can hold it
    private Optional<Instant> retainUntil(EvidenceRef ref) {
        if (options.retention().isEmpty() || !supportsObjectLock()) return Optional.empty();
        return Optional.of(ref.storedAt().plus(options.retention().get()));
    }

    @Override
    public EvidenceRef put(TenantId tenant, byte[] content, String mediaType, String name, Optional<String> actionId) {
        byte[] copy = content.clone();
        String sha256 = sha256(copy);
        try {
            Optional<EvidenceRef> existing = findRef(tenant, sha256, actionId);
            if (existing.isPresent()) return existing.get();
            EvidenceRef ref = new EvidenceRef(sha256, mediaType, name, copy.length, actionId, clock.instant());
            writeBlobOnce(tenant, ref, copy);
            s3.putObject(b -> b.bucket(bucket).key(indexKey(tenant, ref)).contentType("text/plain; charset=utf-8"),
                    RequestBody.fromString(line(ref), StandardCharsets.UTF_8));
            return ref;
        } catch (SdkException e) {
            throw unavailable("cannot store evidence " + sha256, e);
        }
    }

    private void writeBlobOnce(TenantId tenant, EvidenceRef ref, byte[] content) {
        String key = blobKey(tenant, ref.sha256());
        if (exists(key)) return;
        if (content.length > options.partSize()) {
            writeMultipart(key, ref, content);
            return;
        }
        Optional<Instant> until = retainUntil(ref);
        try {
            s3.putObject(b -> {
                b.bucket(bucket).key(key).contentType(ref.mediaType()).ifNoneMatch("*").metadata(metadata(ref));
                until.ifPresent(u -> b.objectLockMode(options.lockMode().name()).objectLockRetainUntilDate(u));
            }, RequestBody.fromBytes(content));
        } catch (S3Exception e) {
            // 412: another writer (or an earlier attempt of this one) stored the same bytes first
            if (e.statusCode() != 412) throw e;
        }
    }

    private static Map<String, String> metadata(EvidenceRef ref) {
        return Map.of("praetor-name", encode(ref.name()),
                "praetor-action-id", ref.actionId().map(S3EvidenceStore::encode).orElse(NO_ACTION),
                "praetor-stored-at", ref.storedAt().toString(),
                "praetor-sha256", ref.sha256());
    }

    /**
     * A multipart upload in parts of {@code partSize}. The key is the content's hash, so an upload
     * left unfinished at this key (an earlier attempt that failed or a process that died) holds a
     * prefix of these very bytes: it is resumed — parts whose ETag (their MD5) matches are kept,
     * the others uploaded — rather than started again. Completion carries {@code If-None-Match: *}.
     */
    private void writeMultipart(String key, EvidenceRef ref, byte[] content) {
        long partSize = options.partSize();
        int count = (int) ((content.length + partSize - 1) / partSize);
        String uploadId = pendingUpload(key).orElseGet(() -> {
            Optional<Instant> until = retainUntil(ref);
            return s3.createMultipartUpload(b -> {
                b.bucket(bucket).key(key).contentType(ref.mediaType()).metadata(metadata(ref));
                until.ifPresent(u -> b.objectLockMode(options.lockMode().name()).objectLockRetainUntilDate(u));
            }).uploadId();
        });
        Map<Integer, String> uploaded = new java.util.HashMap<>();
        for (Part p : s3.listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(uploadId)).parts()) {
            uploaded.put(p.partNumber(), p.eTag());
        }
        List<CompletedPart> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int number = i + 1;
            int from = (int) (i * partSize);
            int to = (int) Math.min(content.length, from + partSize);
            byte[] slice = java.util.Arrays.copyOfRange(content, from, to);
            String md5 = md5(slice);
            String etag = uploaded.get(number);
            if (etag == null || !etag.replace("\"", "").equalsIgnoreCase(HexFormat.of().formatHex(
                    java.util.Base64.getDecoder().decode(md5)))) {
                etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentMD5(md5), RequestBody.fromBytes(slice)).eTag();
            }
            String e = etag;
            parts.add(CompletedPart.builder().partNumber(number).eTag(e).build());
        }
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(parts)));
        } catch (S3Exception e) {
            // 412: the object is already there (another writer, or a completion whose answer was lost)
            if (e.statusCode() != 412) throw e;
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        }
    }

    /** The most recent unfinished upload at exactly {@code key}, if any. */
    private Optional<String> pendingUpload(String key) {
        return s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(key)).uploads().stream()
                .filter(u -> u.key().equals(key))
                .max(Comparator.comparing(u -> u.initiated() == null ? Instant.EPOCH : u.initiated()))
                .map(MultipartUpload::uploadId);
    }

    private static String md5(byte[] bytes) {
        try {
            return java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw e;
        }
    }

    private Optional<EvidenceRef> findRef(TenantId tenant, String sha256, Optional<String> actionId) {
        String suffix = "-" + sha256;
        for (S3Object o : listIndex(indexPrefix(tenant) + actionSegment(actionId) + "/")) {
            if (o.key().endsWith(suffix)) return Optional.of(readIndex(o.key()));
        }
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> get(TenantId tenant, String sha256) {
        if (!SHA256.matcher(sha256).matches()) return Optional.empty();
        ResponseBytes<GetObjectResponse> bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(blobKey(tenant, sha256)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            if (e instanceof S3Exception s && s.statusCode() == 404) return Optional.empty();
            throw unavailable("cannot read evidence " + sha256, e);
        }
        byte[] content = bytes.asByteArray();
        if (!sha256(content).equals(sha256)) {
            throw new PraetorException(ErrorCode.INTERNAL,
                    "evidence " + sha256 + " of tenant " + tenant + " is corrupted: its bytes no longer match its hash");
        }
        return Optional.of(content);
    }

    @Override
    public List<EvidenceRef> list(TenantId tenant, Optional<String> actionId) {
        String prefix = indexPrefix(tenant) + actionId.map(a -> actionSegment(actionId) + "/").orElse("");
        try {
            List<String> keys = new ArrayList<>();
            for (S3Object o : listIndex(prefix)) keys.add(o.key());
            // keys group by action first; the last segment (stored-at, then hash) is the storing order
            keys.sort(Comparator.comparing(k -> k.substring(k.lastIndexOf('/') + 1)));
            List<EvidenceRef> refs = new ArrayList<>(keys.size());
            for (String key : keys) refs.add(readIndex(key));
            return List.copyOf(refs);
        } catch (SdkException e) {
            throw unavailable("cannot list evidence of tenant " + tenant, e);
        }
    }

    private Iterable<S3Object> listIndex(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents();
    }

    private EvidenceRef readIndex(String key) {
        String line = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
        try {
            return parse(line.strip());
        } catch (RuntimeException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "evidence index object " + key + " is unreadable", e);
        }
    }

    private static String line(EvidenceRef ref) {
        return String.join("\t", ref.sha256(), Long.toString(ref.size()), ref.storedAt().toString(),
                ref.actionId().map(S3EvidenceStore::encode).orElse(NO_ACTION), encode(ref.mediaType()),
                encode(ref.name())) + "\n";
    }

    private static EvidenceRef parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 6) throw new IllegalArgumentException("bad index line");
        Optional<String> actionId = f[3].equals(NO_ACTION) ? Optional.empty() : Optional.of(decode(f[3]));
        return new EvidenceRef(f[0], decode(f[4]), decode(f[5]), Long.parseLong(f[1]), actionId, Instant.parse(f[2]));
    }

    private static String blobKey(TenantId tenant, String sha256) {
        return tenant.value() + "/sha256/" + sha256;
    }

    private static String indexPrefix(TenantId tenant) {
        return tenant.value() + "/index/";
    }

    private static String actionSegment(Optional<String> actionId) {
        return actionId.map(a -> "a-" + encode(a)).orElse(NO_ACTION);
    }

    private String indexKey(TenantId tenant, EvidenceRef ref) {
        Instant at = ref.storedAt();
        return indexPrefix(tenant) + actionSegment(ref.actionId()) + "/"
                + String.format("%013d%09d-%019d", at.getEpochSecond(), at.getNano(), sequence.getAndIncrement())
                + "-" + ref.sha256();
    }

    // Percent-encoding keeps '/', tabs and newlines out of keys, index lines and metadata headers;
    // "_" is escaped so an action id of "_" stays apart from "none".
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("_", "%5F");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static PraetorException unavailable(String message, SdkException cause) {
        return new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, message + ": " + cause.getMessage(), cause);
    }
}
