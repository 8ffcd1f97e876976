package io.praetor.adapters.s3;

import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.evidence.EvidenceStore;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 adapters over one client. The client uses the JDK URL-connection HTTP client, the SDK's
 * standard retry mode (up to three attempts with jittered exponential backoff on 5xx, throttling and
 * connection errors) and bounded timeouts, so a store that is down fails as
 * {@code DEPENDENCY_UNAVAILABLE} in seconds instead of hanging. Close it to release the client.
 */
public final class S3Adapters implements AutoCloseable {
    private static final int ATTEMPTS = 3;

    private final S3Client client;
    private final S3EvidenceStore evidenceStore;

    private S3Adapters(S3Client client, String bucket, InstantSource clock, EvidenceOptions options) {
        this.client = client;
        this.evidenceStore = new S3EvidenceStore(client, bucket, clock, options);
    }

    /** Builds the client from {@code settings}; nothing is sent until a store is used. */
    public static S3Adapters create(S3Settings settings, InstantSource clock) {
        return create(settings, EvidenceOptions.DEFAULTS, clock);
    }

    /** With multipart and Object Lock options for the evidence store. */
    public static S3Adapters create(S3Settings settings, EvidenceOptions options, InstantSource clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        S3Client client = S3Clients.build(settings.endpoint(), settings.region(), settings.pathStyle(),
                S3Clients.provider(settings.credentials()), ATTEMPTS);
        return new S3Adapters(client, settings.bucket(), clock, Objects.requireNonNull(options, "options"));
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
