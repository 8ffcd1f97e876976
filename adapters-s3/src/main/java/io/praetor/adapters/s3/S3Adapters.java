package io.praetor.adapters.s3;

import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.evidence.EvidenceStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 adapters over one client. The client uses the JDK URL-connection HTTP client, the SDK's
 * standard retry mode (up to three attempts with jittered exponential backoff on 5xx, throttling and
 * connection errors) and bounded timeouts, so a store that is down fails as
 * {@code DEPENDENCY_UNAVAILABLE} in seconds instead of hanging. Close it to release the client.
 */
public final class S3Adapters implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);

    private final S3Client client;
    private final S3EvidenceStore evidenceStore;

    private S3Adapters(S3Client client, String bucket, InstantSource clock) {
        this.client = client;
        this.evidenceStore = new S3EvidenceStore(client, bucket, clock);
    }

    /** Builds the client from {@code settings}; nothing is sent until a store is used. */
    public static S3Adapters create(S3Settings settings, InstantSource clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings.credentials()))
                .forcePathStyle(settings.pathStyle())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(API_CALL_TIMEOUT));
        // on AWS, handlers reach buckets of any region through one client (the SDK follows the 301)
        if (settings.endpoint().isPresent()) builder.endpointOverride(settings.endpoint().get());
        else builder.crossRegionAccessEnabled(true);
        return new S3Adapters(builder.build(), settings.bucket(), clock);
    }

    private static AwsCredentialsProvider credentials(S3Credentials credentials) {
        return switch (credentials) {
            case S3Credentials.DefaultChain d -> DefaultCredentialsProvider.builder().build();
            case S3Credentials.Static s -> StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()));
        };
    }

    /** Content-addressed evidence in the settings' bucket. */
    public EvidenceStore evidenceStore() {
        return evidenceStore;
    }

    /** The four S3 remediation handlers on this client (see {@link S3BucketActionHandler}). */
    public List<ActionHandler> actionHandlers() {
        return S3BucketActionHandler.all(client);
    }

    /** The client, for the S3 action handlers that share it. */
    public S3Client client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
