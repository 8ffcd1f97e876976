package io.praetor.adapters.s3;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the S3 adapters talk to: an endpoint for S3-compatible stores (empty means AWS's own for the
 * region), the bucket that holds evidence, the region, whether to address buckets by path
 * ({@code http://host/bucket/key}, which most S3-compatible stores need) and where credentials come from.
 */
public record S3Settings(Optional<URI> endpoint, String bucket, String region, boolean pathStyle,
                         S3Credentials credentials) {
    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        if (bucket.isBlank()) throw new IllegalArgumentException("bucket must not be blank");
        if (region.isBlank()) throw new IllegalArgumentException("region must not be blank");
    }

    /** AWS S3 in {@code region}, virtual-hosted addressing, credentials from the AWS SDK default chain. */
    public static S3Settings aws(String bucket, String region) {
        return new S3Settings(Optional.empty(), bucket, region, false, new S3Credentials.DefaultChain());
    }
}
