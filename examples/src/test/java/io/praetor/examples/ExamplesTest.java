package io.praetor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.action.ActionState;
import io.praetor.ports.finding.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExamplesTest {

    static Path repo(String relative) {
        Path p = Path.of("..").resolve(relative);
        return Files.exists(p) ? p : Path.of(relative);
    }

    @Test
    void embeddedScan_findsTheSampleSnapshotsViolationsWithTheBuiltInPack() throws Exception {
        List<Finding> findings = EmbeddedScan.run(repo("policies"), repo("examples/inventories/aws-config-snapshot.json"),
                "aws-config");
        assertThat(findings).extracting(Finding::policyId)
                .contains("aws-rds-not-publicly-accessible", "aws-ec2-volume-encrypted", "aws-s3-bucket-versioning");
        assertThat(findings.getFirst().riskScore()).isGreaterThanOrEqualTo(findings.getLast().riskScore());
    }

    @Test
    void webhookRemediation_opensOneTicketWithTheActionIdAsIdempotencyKey() throws Exception {
        WebhookRemediation.Outcome o = WebhookRemediation.run(repo("examples/inventories"));
        assertThat(o.action().state()).isEqualTo(ActionState.COMPLETED);
        assertThat(o.ticketRequests()).hasSize(1);
        assertThat(o.ticketRequests().getFirst()).contains("orders-db");
        assertThat(o.idempotencyKeys()).containsExactly(o.action().id());
        assertThat(o.bundle().problems()).isEmpty();
        assertThat(o.bundle().ok()).isTrue();
    }
}
