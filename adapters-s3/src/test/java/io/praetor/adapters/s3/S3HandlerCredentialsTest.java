package io.praetor.adapters.s3;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.aResource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.credentials.Credentials;
import io.praetor.testkit.fixtures.TestClock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** Handlers made for a server use the credentials the step is handed, not the fallback client's. */
class S3HandlerCredentialsTest {
    private static S3ProxyServer server;
    private static S3Adapters admin;
    private static S3Client wrongKeys;

    @BeforeAll
    static void start() throws Exception {
        server = new S3ProxyServer();
        admin = server.adaptersOnNewBucket("creds-evidence", new TestClock());
        wrongKeys = S3Clients.build(Optional.of(server.endpoint()), S3ProxyServer.REGION, true,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("nobody", "wrong")), 1);
    }

    @AfterAll
    static void stop() throws Exception {
        wrongKeys.close();
        admin.close();
        server.close();
    }

    private static HandlerContext context(String bucket, Optional<Credentials> credentials) {
        return new HandlerContext(TENANT_A, "act-1", aResource().withId("arn:aws:s3:::" + bucket).withType("aws.s3.bucket")
                .withName(bucket).build(), Map.of(), Optional.empty(), credentials);
    }

    @Test
    void aStepWithCredentials_usesThem_andOneWithoutFallsBack() {
        String bucket = S3ProxyServer.newBucketName();
        admin.client().createBucket(b -> b.bucket(bucket));
        ActionHandler handler = S3BucketActionHandler.all(new S3Endpoint(Optional.of(server.endpoint()),
                S3ProxyServer.REGION, true), wrongKeys).getFirst();
        Credentials right = new Credentials("aws-static", Map.of("access_key_id", S3ProxyServer.ACCESS_KEY,
                "secret_access_key", S3ProxyServer.SECRET_KEY));

        var plan = handler.plan(context(bucket, Optional.of(right)));
        handler.apply(context(bucket, Optional.of(right)), plan);

        assertThat(handler.verify(context(bucket, Optional.of(right)), plan).matches()).isTrue();
        assertThat(admin.client().getBucketVersioning(b -> b.bucket(bucket)).statusAsString()).isEqualTo("Enabled");
        assertThatThrownBy(() -> handler.plan(context(bucket, Optional.empty())))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> handler.plan(context(bucket, Optional.of(new Credentials("bearer", Map.of("token", "t"))))))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
    }
}
