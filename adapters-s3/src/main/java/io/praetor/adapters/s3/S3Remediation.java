package io.praetor.adapters.s3;

import io.praetor.ports.action.ActionHandler;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The four S3 remediation handlers against one endpoint, for a server: a step whose handler
 * context carries credentials (from the credentials port) gets a client made with them for that
 * step only; otherwise the fallback client, on the AWS SDK default chain, is used. Nothing is sent
 * and no credential is resolved until a handler runs. Close it to release the fallback client.
 */
public final class S3Remediation implements AutoCloseable {
    private final S3Client fallback;
    private final List<ActionHandler> handlers;

    private S3Remediation(S3Endpoint endpoint) {
        this.fallback = S3Clients.build(endpoint.endpoint(), endpoint.region(), endpoint.pathStyle(),
                S3Clients.provider(new S3Credentials.DefaultChain()), 3);
        this.handlers = S3BucketActionHandler.all(endpoint, fallback);
    }

    public static S3Remediation create(S3Endpoint endpoint) {
        return new S3Remediation(Objects.requireNonNull(endpoint, "endpoint"));
    }

    public List<ActionHandler> handlers() {
        return handlers;
    }

    @Override
    public void close() {
        fallback.close();
    }
}
