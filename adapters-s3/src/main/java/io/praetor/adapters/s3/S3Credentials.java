package io.praetor.adapters.s3;

import java.util.Objects;

/** Where the S3 client's credentials come from. */
public sealed interface S3Credentials {
    /**
     * The AWS SDK default chain: system properties, {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY},
     * web identity, the shared profile files, then container and instance metadata.
     */
    record DefaultChain() implements S3Credentials {
    }

    /** A fixed access key, for tests and S3-compatible stores; never log it. */
    record Static(String accessKeyId, String secretAccessKey) implements S3Credentials {
        public Static {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "Static[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
        }
    }
}
