package io.praetor.adapters.s3;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.aResource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.PlannedChange;
import io.praetor.ports.action.Verification;
import io.praetor.testkit.fixtures.TestClock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Versioning and default encryption against s3proxy, which implements both. */
class S3BucketActionHandlerTest {
    private static S3ProxyServer server;
    private S3Adapters adapters;
    private S3Client s3;
    private String bucket;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void newBucket() {
        bucket = S3ProxyServer.newBucketName();
        adapters = server.adaptersOnNewBucket(bucket, new TestClock());
        s3 = adapters.client();
    }

    @AfterEach
    void closeClient() {
        adapters.close();
    }

    private HandlerContext context(String bucketName, Map<String, Object> params) {
        return new HandlerContext(TENANT_A, "act-1",
                aResource().withId("arn:aws:s3:::" + bucketName).withType("aws.s3.bucket").withName(bucketName)
                        .withProperty("configuration", Map.of("name", bucketName)).build(),
                params, Optional.empty(), Optional.empty());
    }

    @Test
    void enableVersioning_plansAppliesVerifiesAndRollsBack() {
        ActionHandler handler = S3BucketActionHandler.enableVersioning(s3);
        HandlerContext context = context(bucket, Map.of());

        assertThat(handler.name()).isEqualTo("aws.s3.enable-versioning");
        assertThat(handler.destructive()).isFalse();
        assertThat(handler.preflight(context).passed()).isTrue();
        PlannedChange plan = handler.plan(context);
        assertThat(plan.currentState()).isEqualTo(Map.of("supplementaryConfiguration",
                Map.of("BucketVersioningConfiguration", Map.of("status", "Off"))));
        assertThat(plan.plannedState()).isEqualTo(Map.of("supplementaryConfiguration",
                Map.of("BucketVersioningConfiguration", Map.of("status", "Enabled"))));

        handler.apply(context, plan);
        handler.apply(context, plan);
        Verification verification = handler.verify(context, plan);

        assertThat(verification.matches()).isTrue();
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString()).isEqualTo("Enabled");
        assertThat(verification.observedProperties()).containsEntry("configuration", Map.of("name", bucket))
                .containsEntry("supplementaryConfiguration",
                        Map.of("BucketVersioningConfiguration", Map.of("status", "Enabled")));

        handler.rollback(context, plan);

        // a versioned bucket cannot return to "Off": rollback suspends it
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString()).isEqualTo("Suspended");
        assertThat(handler.verify(context, plan).matches()).isFalse();
    }

    @Test
    void enableDefaultEncryption_setsTheRuleAndRollbackRemovesIt() {
        ActionHandler handler = S3BucketActionHandler.enableDefaultEncryption(s3);
        HandlerContext context = context(bucket, Map.of("algorithm", "AES256"));

        assertThat(handler.preflight(context).passed()).isTrue();
        PlannedChange plan = handler.plan(context);
        Map<String, Object> none = new java.util.HashMap<>();
        none.put("ServerSideEncryptionConfiguration", null);
        assertThat(plan.currentState()).isEqualTo(Map.of("supplementaryConfiguration", none));
        assertThat(plan.plannedState()).isEqualTo(Map.of("supplementaryConfiguration", Map.of(
                "ServerSideEncryptionConfiguration", Map.of("rules", java.util.List.of(
                        Map.of("applyServerSideEncryptionByDefault", Map.of("sseAlgorithm", "AES256")))))));

        handler.apply(context, plan);
        handler.apply(context, plan);

        assertThat(handler.verify(context, plan).matches()).isTrue();
        assertThat(s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules())
                .singleElement().satisfies(r -> assertThat(r.applyServerSideEncryptionByDefault().sseAlgorithm())
                        .isEqualTo(ServerSideEncryption.AES256));

        handler.rollback(context, plan);

        assertThat(handler.plan(context).currentState()).isEqualTo(plan.currentState());
    }

    @Test
    void enableDefaultEncryption_rollbackRestoresAPriorRule() {
        s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID("key-1")))));
        ActionHandler handler = S3BucketActionHandler.enableDefaultEncryption(s3);
        HandlerContext context = context(bucket, Map.of("algorithm", "AES256"));
        PlannedChange plan = handler.plan(context);

        handler.apply(context, plan);
        handler.rollback(context, plan);

        var rule = s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().getFirst();
        assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(rule.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo("key-1");
    }

    @Test
    void preflight_failsForAMissingBucketAndForBadParams() {
        assertThat(S3BucketActionHandler.enableVersioning(s3).preflight(context("no-such-bucket", Map.of())).problems())
                .containsExactly("bucket no-such-bucket does not exist");
        assertThat(S3BucketActionHandler.enableDefaultEncryption(s3).preflight(context(bucket, Map.of("algorithm", "ROT13")))
                .passed()).isFalse();
        assertThat(S3BucketActionHandler.enableDefaultEncryption(s3)
                .preflight(context(bucket, Map.of("algorithm", "AES256", "kmsKeyId", "k"))).passed()).isFalse();
    }

    @Test
    void apply_refusesAPlanMadeForAnotherBucket() {
        ActionHandler handler = S3BucketActionHandler.enableVersioning(s3);
        PlannedChange plan = handler.plan(context(bucket, Map.of()));

        assertThatThrownBy(() -> handler.apply(context("other-bucket", Map.of()), plan))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
    }

    @Test
    void operationsS3ProxyDoesNotImplement_failAsValidationNotAsRetries() {
        // s3proxy answers 501 NotImplemented to the public access block and bucket tagging APIs
        assertThatThrownBy(() -> S3BucketActionHandler.blockPublicAccess(s3).plan(context(bucket, Map.of())))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
        assertThatThrownBy(() -> S3BucketActionHandler.putTags(s3).plan(context(bucket, Map.of("tags", Map.of("a", "1")))))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
    }
}
