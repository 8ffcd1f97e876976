package io.praetor.domain.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.TenantId;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.policy.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FindingEventsTest {
    private static final TenantId TENANT = new TenantId("tenant-a");
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private static Finding finding(String id, FindingStatus status) {
        return new Finding(id, "p", "r-" + id, "k", "aws.s3.bucket", "123", Severity.HIGH, 5.0, status, "t", "m", NOW, NOW,
                Optional.empty(), Optional.empty(), List.of(), Set.of(), Map.of());
    }

    @Test
    void drafts_areTheEventsInOrder_withTheirTypeAndTheFindingsData() {
        FindingEvents events = new FindingEvents();
        Finding opened = finding("f-1", FindingStatus.OPEN);
        Finding resolved = finding("f-2", FindingStatus.RESOLVED);
        events.add(opened, FindingEvents.Type.OPENED);
        events.add(resolved, FindingEvents.Type.RESOLVED);

        List<TenantEvent> drafts = events.drafts(TENANT, NOW);

        assertThat(drafts).containsExactly(
                TenantEvent.draft(TENANT, "finding.opened", NOW, new FindingEventData(opened)),
                TenantEvent.draft(TENANT, "finding.resolved", NOW, new FindingEventData(resolved)));
        assertThat(drafts.get(1).data()).containsEntry("finding_id", "f-2").containsEntry("status", "resolved");
        assertThatThrownBy(() -> drafts.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void drafts_doNotChange_whenEventsAreAddedAfterwards_throughGrowthAndMerges() {
        FindingEvents events = new FindingEvents();
        for (int i = 0; i < 5; i++) events.add(finding("f-" + i, FindingStatus.OPEN), FindingEvents.Type.OPENED);
        List<TenantEvent> before = events.drafts(TENANT, NOW);
        List<TenantEvent> copy = List.copyOf(before);

        FindingEvents later = new FindingEvents();
        for (int i = 5; i < 40; i++) later.add(finding("f-" + i, FindingStatus.EXEMPTED), FindingEvents.Type.EXEMPTED);
        events.addAll(later);
        events.add(finding("f-40", FindingStatus.OPEN), FindingEvents.Type.OPENED);

        assertThat(before).isEqualTo(copy);
        List<TenantEvent> after = events.drafts(TENANT, NOW);
        assertThat(after).hasSize(41).startsWith(copy.toArray(TenantEvent[]::new));
        assertThat(after.get(5).type()).isEqualTo("finding.exempted");
        assertThat(after.get(39).data()).containsEntry("finding_id", "f-39");
        assertThat(after.get(40).type()).isEqualTo("finding.opened");
    }
}
