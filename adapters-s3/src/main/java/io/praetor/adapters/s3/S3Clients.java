package io.praetor.adapters.s3;

import io.praetor.ports.credentials.Credentials;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 clients of this module: JDK URL-connection HTTP client, bounded timeouts, the SDK's
 * standard retry mode (jittered exponential backoff on 5xx, throttling and connection errors) with
 * the given number of attempts.
 */
final class S3Clients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);
    // one attempt that hangs (a slow endpoint) is abandoned and retried rather than waited out
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(15);

    /** Credential kind from the credentials port that these adapters understand. */
    static final String AWS_STATIC = "aws-static";

    private S3Clients() {}

    static S3Client build(Optional<URI> endpoint, String region, boolean pathStyle, AwsCredentialsProvider credentials,
                          int attempts) {
        return build(endpoint, region, pathStyle, credentials, attempts, ATTEMPT_TIMEOUT);
    }

    static S3Client build(Optional<URI> endpoint, String region, boolean pathStyle, AwsCredentialsProvider credentials,
                          int attempts, Duration attemptTimeout) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(attempts))
                        .apiCallAttemptTimeout(attemptTimeout)
                        .apiCallTimeout(API_CALL_TIMEOUT));
        // on AWS, one client reaches buckets of any region (the SDK follows the 301)
        if (endpoint.isPresent()) builder.endpointOverride(endpoint.get());
        else builder.crossRegionAccessEnabled(true);
        return builder.build();
    }

    static AwsCredentialsProvider provider(S3Credentials credentials) {
        return switch (credentials) {
            case S3Credentials.DefaultChain d -> DefaultCredentialsProvider.builder().build();
            case S3Credentials.Static s -> StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()));
        };
    }

    /**
     * Credentials from the credentials port: kind {@code aws-static} with {@code access_key_id},
     * {@code secret_access_key} and optionally {@code session_token} (short-lived STS credentials).
     */
    static AwsCredentialsProvider provider(Credentials credentials) {
        if (!credentials.kind().equals(AWS_STATIC)) {
            throw new IllegalArgumentException("S3 needs credentials of kind " + AWS_STATIC + ", not " + credentials.kind());
        }
        String id = credentials.values().get("access_key_id");
        String secret = credentials.values().get("secret_access_key");
        if (id == null || secret == null) {
            throw new IllegalArgumentException("aws-static credentials need access_key_id and secret_access_key");
        }
        String token = credentials.values().get("session_token");
        return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(id, secret)
                : AwsSessionCredentials.create(id, secret, token));
    }
}
