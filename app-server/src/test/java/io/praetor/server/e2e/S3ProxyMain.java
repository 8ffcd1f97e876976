package io.praetor.server.e2e;

import java.io.IOException;
import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-memory s3proxy for the web console's browser test (web-console/e2e), which runs outside
 * Maven: {@code S3ProxyMain ACCESS_KEY SECRET_KEY BUCKET...} creates the buckets (as they come:
 * no versioning, no encryption), prints {@code endpoint=http://127.0.0.1:PORT} and serves until
 * its stdin closes, so it ends with the test that started it.
 */
public final class S3ProxyMain {
    private S3ProxyMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: S3ProxyMain ACCESS_KEY SECRET_KEY [BUCKET...]");
            System.exit(2);
        }
        S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, args[0], args[1]).build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) Thread.sleep(10);
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(args[0], args[1]))).build()) {
            for (int i = 2; i < args.length; i++) {
                String bucket = args[i];
                s3.createBucket(b -> b.bucket(bucket));
            }
        }
        System.out.println("endpoint=" + endpoint);
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // serve until the parent closes our stdin (or dies)
            }
        } catch (IOException e) {
            // stdin gone: same as closed
        }
        proxy.stop();
    }
}
