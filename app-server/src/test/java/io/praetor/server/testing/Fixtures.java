package io.praetor.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample inventory and a policy with a webhook remediation, shared by the HTTP tests of
 * app-server and the reliability suite (both run from a module directory next to examples/).
 */
public final class Fixtures {
    private Fixtures() {}

    /** A manual policy on public S3 buckets whose remediation is the {@code ticket} webhook. */
    public static final String PUBLIC_BUCKET_POLICY = """
            apiVersion: praetor.io/v1
            kind: Policy
            metadata:
              id: s3-no-public-acl
              title: S3 buckets grant nothing to AllUsers
              severity: high
              frameworks: {cis-aws-3.0: ["2.1.5"]}
            spec:
              resource: aws.s3.bucket
              violation: >-
                resource.properties.?supplementaryConfiguration.?AccessControlList.?grantList.orValue([])
                .exists(g, type(g.grantee) == string && g.grantee == 'AllUsers')
              mode: manual
              remediation:
                handler: http.webhook
                params: {endpoint: ticket}
            """;

    /** examples/inventories/aws-config-snapshot.json: one public bucket among others (import with format=aws-config). */
    public static String awsConfigSnapshot() {
        return example("inventories/aws-config-snapshot.json");
    }

    /** A file under examples/, as text. */
    public static String example(String relative) {
        Path p = Path.of("..", "examples").resolve(relative);
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
