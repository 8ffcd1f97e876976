package io.praetor.domain.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.json.JsonObjects;
import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.policy.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FindingEventDataTest {
    private static Finding finding(FindingStatus status, Optional<String> exemptionId) {
        Instant t = Instant.parse("2026-11-26T10:00:00Z");
        return new Finding("f-1", "s3-public", "arn:aws:s3:::b", "b", "aws.s3.bucket", "123", Severity.HIGH, 7.5, status,
                "Public bucket", "bucket b is \"public\"", t, t, Optional.empty(), exemptionId, List.of(), Set.of("cis"),
                Map.of("owner", "x"));
    }

    /** What the events carried before the view: the same keys, values and order, as a built map. */
    private static Map<String, Object> built(Finding f) {
        Object[] kv = {"finding_id", f.id(), "policy_id", f.policyId(), "resource_id", f.resourceId(),
                "resource_key", f.resourceKey(), "resource_type", f.resourceType(), "severity", f.severity().wireName(),
                "risk_score", f.riskScore(), "status", f.status().wireName(), "message", f.message()};
        if (f.exemptionId().isPresent()) {
            kv = java.util.Arrays.copyOf(kv, kv.length + 2);
            kv[kv.length - 2] = "exemption_id";
            kv[kv.length - 1] = f.exemptionId().get();
        }
        return JsonObjects.ordered(kv);
    }

    @Test
    void isTheFindingsEventFields_inOrder_withTheExemptionOnlyWhenThereIsOne() {
        for (Finding f : List.of(finding(FindingStatus.OPEN, Optional.empty()),
                finding(FindingStatus.EXEMPTED, Optional.of("ex-1")))) {
            FindingEventData data = new FindingEventData(f);
            assertThat(data).isEqualTo(built(f)).hasSameHashCodeAs(built(f));
            assertThat(List.copyOf(data.keySet())).isEqualTo(List.copyOf(built(f).keySet()));
            assertThat(new String(JsonTreeWriter.toBytes(data), StandardCharsets.UTF_8))
                    .isEqualTo(new String(JsonTreeWriter.toBytes(built(f)), StandardCharsets.UTF_8));
        }
        FindingEventData open = new FindingEventData(finding(FindingStatus.OPEN, Optional.empty()));
        assertThat(open).hasSize(9).containsEntry("risk_score", 7.5).containsEntry("status", "open")
                .doesNotContainKey("exemption_id").doesNotContainKey("title");
        assertThat(open.get("exemption_id")).isNull();
        assertThat(open.get(42)).isNull();
        assertThat(new FindingEventData(finding(FindingStatus.EXEMPTED, Optional.of("ex-1"))))
                .hasSize(10).containsEntry("exemption_id", "ex-1").containsEntry("status", "exempted");
    }
}
