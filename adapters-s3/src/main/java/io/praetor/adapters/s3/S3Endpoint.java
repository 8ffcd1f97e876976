package io.praetor.adapters.s3;

import io.praetor.ports.credentials.Credentials;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the remediation handlers send their calls: an endpoint (empty = AWS's own, any region),
 * the client region and the addressing style. Handlers given credentials through the credentials
 * port build a client with them for that one step and close it after (scoped to the action).
 */
public record S3Endpoint(Optional<URI> endpoint, String region, boolean pathStyle) {
    public S3Endpoint {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        if (region.isBlank()) throw new IllegalArgumentException("region must not be blank");
    }

    S3Client client(Credentials credentials) {
        return S3Clients.build(endpoint, region, pathStyle, S3Clients.provider(credentials), 3);
    }
}
