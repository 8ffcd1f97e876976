package io.praetor.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample inventory and a policy with a webhook remediation, shared by the HTTP tests. */
final class Fixtures {
    private Fixtures() {}

    static final String PUBLIC_BUCKET_POLICY = """
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

    static String awsConfigSnapshot() {
        Path p = Path.of("..", "examples", "inventories", "aws-config-snapshot.json");
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
