package io.praetor.adapters.s3;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.PlannedChange;
import io.praetor.ports.action.Preflight;
import io.praetor.ports.action.Verification;
import io.praetor.ports.credentials.Credentials;
import io.praetor.ports.inventory.JsonTrees;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 remediation handlers: each changes one setting of the bucket named by the resource
 * ({@code aws.s3.bucket}). Preflight checks the params and that the bucket exists; plan reads the
 * setting (current state) and computes the target (planned state), both in AWS Config item shape;
 * apply writes the planned state (idempotent: writing a state twice changes nothing the second
 * time); verify reads it back; rollback writes the plan's current state back.
 *
 * <p>Errors: throttling, 5xx and network failures are {@code TRANSIENT} (the engine retries; every
 * write here is idempotent), 403 is {@code FORBIDDEN}, 501 (an S3-compatible store without the
 * operation) and other 4xx are {@code VALIDATION}. Handlers made by {@link #all(S3Endpoint, S3Client)}
 * use {@link HandlerContext#credentials()} when present, with a client made for that step alone.
 * Thread-safe and stateless.
 */
public final class S3BucketActionHandler implements ActionHandler {
    private final BucketSetting setting;
    private final Clients clients;

    /** The client a step uses, closed after the step when it was made for the step's credentials. */
    private record Lease(S3Client s3, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) s3.close();
        }
    }

    @FunctionalInterface
    private interface Clients {
        Lease lease(Optional<Credentials> credentials);
    }

    private S3BucketActionHandler(BucketSetting setting, S3Client s3) {
        Objects.requireNonNull(s3, "s3");
        this.setting = setting;
        this.clients = credentials -> new Lease(s3, false);
    }

    private S3BucketActionHandler(BucketSetting setting, S3Endpoint endpoint, S3Client fallback) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(fallback, "fallback");
        this.setting = setting;
        this.clients = credentials -> credentials.map(c -> {
            try {
                return new Lease(endpoint.client(c), true);
            } catch (IllegalArgumentException e) {
                throw new PraetorException(ErrorCode.VALIDATION, "credentials for " + setting.handlerName() + ": "
                        + e.getMessage());
            }
        }).orElseGet(() -> new Lease(fallback, false));
    }

    /** {@code aws.s3.enable-versioning}; not destructive. */
    public static S3BucketActionHandler enableVersioning(S3Client s3) {
        return new S3BucketActionHandler(new BucketSetting.Versioning(), s3);
    }

    /** {@code aws.s3.enable-default-encryption {algorithm: AES256|aws:kms|aws:kms:dsse, kmsKeyId?}}. */
    public static S3BucketActionHandler enableDefaultEncryption(S3Client s3) {
        return new S3BucketActionHandler(new BucketSetting.DefaultEncryption(), s3);
    }

    /** {@code aws.s3.block-public-access}; destructive (a public website stops being served). */
    public static S3BucketActionHandler blockPublicAccess(S3Client s3) {
        return new S3BucketActionHandler(new BucketSetting.PublicAccessBlock(), s3);
    }

    /** {@code aws.s3.put-tags {tags: {key: value}}}, merged into the bucket's tags. */
    public static S3BucketActionHandler putTags(S3Client s3) {
        return new S3BucketActionHandler(new BucketSetting.Tags(), s3);
    }

    /** All four on one client (credentials in the handler context are not used), for tests and embedding. */
    public static List<ActionHandler> all(S3Client s3) {
        return List.of(enableVersioning(s3), enableDefaultEncryption(s3), blockPublicAccess(s3), putTags(s3));
    }

    /**
     * All four against {@code endpoint}: a step whose context carries credentials (kind
     * {@code aws-static}: {@code access_key_id}, {@code secret_access_key}, {@code session_token}?)
     * uses a client made with them for that step only; without, {@code fallback} (the SDK default chain).
     */
    public static List<ActionHandler> all(S3Endpoint endpoint, S3Client fallback) {
        return List.of(new BucketSetting.Versioning(), new BucketSetting.DefaultEncryption(),
                        new BucketSetting.PublicAccessBlock(), new BucketSetting.Tags()).stream()
                .<ActionHandler>map(s -> new S3BucketActionHandler(s, endpoint, fallback)).toList();
    }

    @Override
    public String name() {
        return setting.handlerName();
    }

    @Override
    public boolean destructive() {
        return setting.destructive();
    }

    @Override
    public Preflight preflight(HandlerContext context) {
        if (!context.resource().type().equals("aws.s3.bucket")) {
            return Preflight.failed(List.of(name() + " changes aws.s3.bucket resources, not " + context.resource().type()));
        }
        List<String> problems = setting.checkParams(context.params());
        if (!problems.isEmpty()) return Preflight.failed(problems);
        String bucket = bucket(context);
        try (Lease lease = clients.lease(context.credentials())) {
            lease.s3().headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Preflight.failed(List.of("bucket " + bucket + " does not exist"));
            throw translate("check bucket " + bucket, e);
        } catch (SdkException e) {
            throw translate("check bucket " + bucket, e);
        }
        return Preflight.ok(Map.of("bucket", bucket));
    }

    @Override
    public PlannedChange plan(HandlerContext context) {
        String bucket = bucket(context);
        Map<String, Object> current = call(context, "read bucket " + bucket, s3 -> setting.read(s3, bucket));
        Map<String, Object> planned = setting.planned(current, context.params());
        return new PlannedChange(setting.summary(bucket, planned), JsonTrees.freezeObject(current),
                JsonTrees.freezeObject(planned), Map.of("bucket", bucket, "handler", name()));
    }

    @Override
    public Map<String, Object> apply(HandlerContext context, PlannedChange plan) {
        String bucket = plannedBucket(context, plan);
        call(context, "change bucket " + bucket, s3 -> {
            setting.write(s3, bucket, plan.plannedState());
            return null;
        });
        return Map.of("bucket", bucket, "applied", plan.plannedState());
    }

    @Override
    public Verification verify(HandlerContext context, PlannedChange plan) {
        String bucket = plannedBucket(context, plan);
        Map<String, Object> observed = call(context, "read bucket " + bucket, s3 -> setting.read(s3, bucket));
        boolean matches = JsonTrees.freezeObject(observed).equals(plan.plannedState());
        String message = matches ? "bucket " + bucket + " now has the planned setting"
                : "bucket " + bucket + " reads back " + observed + ", planned " + plan.plannedState();
        return new Verification(matches, message, observedProperties(context, observed));
    }

    @Override
    public Map<String, Object> rollback(HandlerContext context, PlannedChange plan) {
        String bucket = plannedBucket(context, plan);
        call(context, "restore bucket " + bucket, s3 -> {
            setting.write(s3, bucket, plan.currentState());
            return null;
        });
        return Map.of("bucket", bucket, "restored", plan.currentState());
    }

    // The resource's properties with the observed setting merged in; tags live outside properties.
    private static Map<String, Object> observedProperties(HandlerContext context, Map<String, Object> observed) {
        Map<String, Object> properties = new LinkedHashMap<>(context.resource().properties());
        if (observed.get("supplementaryConfiguration") instanceof Map<?, ?> observedSupplementary) {
            Map<String, Object> supplementary = new LinkedHashMap<>();
            if (properties.get("supplementaryConfiguration") instanceof Map<?, ?> existing) {
                existing.forEach((k, v) -> supplementary.put((String) k, v));
            }
            observedSupplementary.forEach((k, v) -> supplementary.put((String) k, v));
            properties.put("supplementaryConfiguration", supplementary);
        }
        return JsonTrees.freezeObject(properties);
    }

    private static String bucket(HandlerContext context) {
        return context.resource().name();
    }

    private String plannedBucket(HandlerContext context, PlannedChange plan) {
        String bucket = bucket(context);
        if (!bucket.equals(plan.details().get("bucket"))) {
            throw new PraetorException(ErrorCode.VALIDATION,
                    "the plan was made for bucket " + plan.details().get("bucket") + ", the resource is " + bucket);
        }
        return bucket;
    }

    private <T> T call(HandlerContext context, String what, Function<S3Client, T> operation) {
        try (Lease lease = clients.lease(context.credentials())) {
            return operation.apply(lease.s3());
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    private static PraetorException translate(String what, SdkException e) {
        String message = "cannot " + what + ": " + e.getMessage();
        if (e instanceof S3Exception s) {
            int status = s.statusCode();
            if (s.isThrottlingException() || status >= 500 && status != 501) {
                return new PraetorException(ErrorCode.TRANSIENT, message, e);
            }
            if (status == 403) return new PraetorException(ErrorCode.FORBIDDEN, message, e);
            return new PraetorException(ErrorCode.VALIDATION, message, e);
        }
        if (e instanceof SdkClientException) return new PraetorException(ErrorCode.TRANSIENT, message, e);
        return new PraetorException(ErrorCode.INTERNAL, message, e);
    }
}
