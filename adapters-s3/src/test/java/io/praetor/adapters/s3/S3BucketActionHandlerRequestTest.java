package io.praetor.adapters.s3;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.aResource;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.PlannedChange;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.DeletePublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.DeletePublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.GetBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * s3proxy does not implement the public access block or bucket tagging APIs (501), so these two
 * handlers are checked against the SDK's request model: a recording client keeps the last written
 * configuration and answers reads from it the way S3 documents (404 with the S3 error code when unset).
 * This shows the requests the handlers send, not how S3 treats them.
 */
class S3BucketActionHandlerRequestTest {
    private final List<Object> requests = new ArrayList<>();
    private PublicAccessBlockConfiguration publicAccessBlock;
    private List<Tag> tagSet;

    private final S3Client s3 = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(),
            new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                if (args != null && args.length == 1 && args[0] instanceof Consumer<?>) {
                    return InvocationHandler.invokeDefault(proxy, method, args);
                }
                Object request = args[0];
                requests.add(request);
                return switch (method.getName()) {
                    case "headBucket" -> HeadBucketResponse.builder().build();
                    case "getPublicAccessBlock" -> {
                        if (publicAccessBlock == null) throw notFound("NoSuchPublicAccessBlockConfiguration");
                        yield GetPublicAccessBlockResponse.builder().publicAccessBlockConfiguration(publicAccessBlock).build();
                    }
                    case "putPublicAccessBlock" -> {
                        publicAccessBlock = ((PutPublicAccessBlockRequest) request).publicAccessBlockConfiguration();
                        yield PutPublicAccessBlockResponse.builder().build();
                    }
                    case "deletePublicAccessBlock" -> {
                        publicAccessBlock = null;
                        yield DeletePublicAccessBlockResponse.builder().build();
                    }
                    case "getBucketTagging" -> {
                        if (tagSet == null) throw notFound("NoSuchTagSet");
                        yield GetBucketTaggingResponse.builder().tagSet(tagSet).build();
                    }
                    case "putBucketTagging" -> {
                        tagSet = ((PutBucketTaggingRequest) request).tagging().tagSet();
                        yield PutBucketTaggingResponse.builder().build();
                    }
                    case "deleteBucketTagging" -> {
                        tagSet = null;
                        yield DeleteBucketTaggingResponse.builder().build();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            });

    private static S3Exception notFound(String code) {
        return (S3Exception) S3Exception.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    private static HandlerContext context(Map<String, Object> params) {
        return new HandlerContext(TENANT_A, "act-1", aResource().withId("arn:aws:s3:::acme-site")
                .withType("aws.s3.bucket").withName("acme-site").build(), params, Optional.empty(), Optional.empty());
    }

    @Test
    void blockPublicAccess_putsAllFourFlagsAndRollbackDeletesTheBlockThatWasNotThere() {
        ActionHandler handler = S3BucketActionHandler.blockPublicAccess(s3);
        HandlerContext context = context(Map.of());
        assertThat(handler.destructive()).isTrue();
        assertThat(handler.preflight(context).passed()).isTrue();
        PlannedChange plan = handler.plan(context);
        Map<String, Object> none = new HashMap<>();
        none.put("PublicAccessBlockConfiguration", null);
        assertThat(plan.currentState()).isEqualTo(Map.of("supplementaryConfiguration", none));

        handler.apply(context, plan);

        assertThat(requests).filteredOn(PutPublicAccessBlockRequest.class::isInstance).singleElement()
                .satisfies(r -> {
                    PutPublicAccessBlockRequest put = (PutPublicAccessBlockRequest) r;
                    assertThat(put.bucket()).isEqualTo("acme-site");
                    assertThat(put.publicAccessBlockConfiguration()).isEqualTo(PublicAccessBlockConfiguration.builder()
                            .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true)
                            .restrictPublicBuckets(true).build());
                });
        assertThat(handler.verify(context, plan).matches()).isTrue();

        handler.rollback(context, plan);

        assertThat(requests).filteredOn(DeletePublicAccessBlockRequest.class::isInstance).singleElement()
                .satisfies(r -> assertThat(((DeletePublicAccessBlockRequest) r).bucket()).isEqualTo("acme-site"));
    }

    @Test
    void blockPublicAccess_rollbackRestoresPartialFlags() {
        publicAccessBlock = PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true)
                .blockPublicPolicy(false).restrictPublicBuckets(false).build();
        PublicAccessBlockConfiguration prior = publicAccessBlock;
        ActionHandler handler = S3BucketActionHandler.blockPublicAccess(s3);
        HandlerContext context = context(Map.of());
        PlannedChange plan = handler.plan(context);

        handler.apply(context, plan);
        handler.rollback(context, plan);

        assertThat(publicAccessBlock).isEqualTo(prior);
    }

    @Test
    void putTags_mergesWithExistingTagsAndRollbackPutsThePriorSetBack() {
        tagSet = List.of(Tag.builder().key("CostCenter").value("4410").build(),
                Tag.builder().key("owner").value("").build());
        ActionHandler handler = S3BucketActionHandler.putTags(s3);
        HandlerContext context = context(Map.of("tags", Map.of("owner", "unassigned")));
        assertThat(handler.preflight(context).passed()).isTrue();
        PlannedChange plan = handler.plan(context);
        assertThat(plan.plannedState()).isEqualTo(Map.of("tags", Map.of("CostCenter", "4410", "owner", "unassigned")));

        handler.apply(context, plan);
        handler.apply(context, plan);

        assertThat(requests).filteredOn(PutBucketTaggingRequest.class::isInstance).hasSize(2).allSatisfy(r ->
                assertThat(((PutBucketTaggingRequest) r).tagging().tagSet()).containsExactlyInAnyOrder(
                        Tag.builder().key("CostCenter").value("4410").build(),
                        Tag.builder().key("owner").value("unassigned").build()));
        assertThat(handler.verify(context, plan).matches()).isTrue();

        handler.rollback(context, plan);

        assertThat(tagSet).containsExactlyInAnyOrder(Tag.builder().key("CostCenter").value("4410").build(),
                Tag.builder().key("owner").value("").build());
    }

    @Test
    void putTags_onAnUntaggedBucket_rollbackDeletesTheTagSet() {
        ActionHandler handler = S3BucketActionHandler.putTags(s3);
        HandlerContext context = context(Map.of("tags", Map.of("env", "unclassified")));
        PlannedChange plan = handler.plan(context);
        assertThat(plan.currentState()).isEqualTo(Map.of("tags", Map.of()));

        handler.apply(context, plan);
        handler.rollback(context, plan);

        assertThat(requests).filteredOn(DeleteBucketTaggingRequest.class::isInstance).hasSize(1);
        assertThat(tagSet).isNull();
    }

    @Test
    void putTags_preflightRejectsBadTags() {
        ActionHandler handler = S3BucketActionHandler.putTags(s3);

        assertThat(handler.preflight(context(Map.of())).passed()).isFalse();
        assertThat(handler.preflight(context(Map.of("tags", Map.of("aws:owner", "x")))).passed()).isFalse();
        assertThat(handler.preflight(context(Map.of("tags", Map.of("owner", 3L)))).passed()).isFalse();
    }
}
