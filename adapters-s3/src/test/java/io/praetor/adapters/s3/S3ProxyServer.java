package io.praetor.adapters.s3;

import java.net.URI;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** An in-memory s3proxy on a free loopback port, AWS V4 auth; one per test class. */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "praetor-test";
    static final String SECRET_KEY = "praetor-test-secret";
    static final String REGION = "us-east-1";

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final S3Proxy proxy;
    private final URI endpoint;

    S3ProxyServer() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    URI endpoint() {
        return endpoint;
    }

    S3Settings settings(String bucket) {
        return new S3Settings(Optional.of(endpoint), bucket, REGION, true,
                new S3Credentials.Static(ACCESS_KEY, SECRET_KEY));
    }

    /** A name no bucket of this server has had yet. */
    static String newBucketName() {
        return "praetor-" + BUCKETS.incrementAndGet();
    }

    /** Adapters on a new, empty bucket. */
    S3Adapters adaptersOnNewBucket(String bucket, InstantSource clock) {
        S3Adapters adapters = S3Adapters.create(settings(bucket), clock);
        adapters.client().createBucket(b -> b.bucket(bucket));
        return adapters;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
