package io.praetor.domain.decide;

import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.ActionStore;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingAggregates;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.inventory.ResourceStore;
import io.praetor.ports.metrics.DailySnapshot;
import io.praetor.ports.metrics.GovernanceMetrics;
import io.praetor.ports.metrics.MetricSnapshotStore;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyStore;
import io.praetor.ports.policy.Severity;
import io.praetor.ports.usecase.MetricsUseCases;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code GET /metrics}: GovernanceMetrics with the formulas of API.md, computed from the stores in
 * one pass over the open findings; trend from the daily snapshots, forecast from the local analyst.
 * This service has no AI client: {@code deep} answers the same, with {@code sources.ai = disabled}.
 */
public final class MetricsService implements MetricsUseCases {
    public static final int TOP = 5;
    public static final int HORIZON_DAYS = 7;

    private final ResourceStore resources;
    private final PolicyStore policies;
    private final FindingStore findings;
    private final ActionStore actions;
    private final MetricSnapshotStore snapshots;
    private final Transactions transactions;
    private final InstantSource clock;
    private final LocalAnalyst analyst;

    public MetricsService(ResourceStore resources, PolicyStore policies, FindingStore findings, ActionStore actions,
                          MetricSnapshotStore snapshots, Transactions transactions, InstantSource clock,
                          LocalAnalyst analyst) {
        this.resources = resources;
        this.policies = policies;
        this.findings = findings;
        this.actions = actions;
        this.snapshots = snapshots;
        this.transactions = transactions;
        this.clock = clock;
        this.analyst = analyst;
    }

    @Override
    public GovernanceMetrics metrics(Principal principal, Duration window, boolean deep) {
        FindingService.require(principal, Role.VIEWER);
        // About a dozen store reads: in one transaction they share one connection and one setting of
        // the tenant instead of paying both per read (on PostgreSQL, two round trips each), which on
        // a busy machine is most of this request's time and of its tail (ADR 0028).
        return transactions.inTransaction(() -> compute(principal.tenant(), window));
    }

    private GovernanceMetrics compute(TenantId tenant, Duration window) {
        Instant now = clock.instant();
        List<Policy> all = policies.list(tenant);
        Map<String, Policy> byId = new HashMap<>();
        all.forEach(p -> byId.put(p.id(), p));

        FindingAggregates agg = findings.aggregates(tenant, now.minus(window));
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) bySeverity.put(s.wireName(), agg.openBySeverity().getOrDefault(s.wireName(), 0L));
        Map<String, Long> byPolicy = agg.openByPolicy();
        Map<String, Long> byType = agg.openByType();
        // Each open finding counts once in every framework of its policy (API.md).
        Map<String, Long> frameworkOpen = new HashMap<>();
        Map<String, Set<String>> failingControls = new HashMap<>();
        byPolicy.forEach((policyId, n) -> {
            Policy p = byId.get(policyId);
            if (p == null) return;
            p.frameworks().forEach((framework, controls) -> {
                frameworkOpen.merge(framework, n, Long::sum);
                failingControls.computeIfAbsent(framework, k -> new HashSet<>()).addAll(controls);
            });
        });
        Map<String, GovernanceMetrics.FrameworkCount> byFramework = new LinkedHashMap<>();
        all.stream().flatMap(p -> p.frameworks().keySet().stream()).distinct().sorted().forEach(fw ->
                byFramework.put(fw, new GovernanceMetrics.FrameworkCount(frameworkOpen.getOrDefault(fw, 0L),
                        failingControls.getOrDefault(fw, Set.of()).size())));

        List<GovernanceMetrics.PolicyCount> topPolicies = byPolicy.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP).map(e -> new GovernanceMetrics.PolicyCount(e.getKey(), e.getValue())).toList();
        List<GovernanceMetrics.TypeCount> topTypes = byType.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP).map(e -> new GovernanceMetrics.TypeCount(e.getKey(), e.getValue())).toList();

        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long days = Math.max(1, window.toDays());
        List<DailySnapshot> daily = snapshots.range(tenant, today.minusDays(days - 1), today);
        List<GovernanceMetrics.TrendPoint> trend = daily.stream()
                .map(s -> new GovernanceMetrics.TrendPoint(s.date(), s.complianceScore(), s.findingsOpen())).toList();

        return new GovernanceMetrics(tenant, now, ComplianceScore.of(findings.pairCounts(tenant).values()),
                resources.count(tenant), all.size(), agg.open(), bySeverity, byFramework, topPolicies, topTypes, trend,
                mttrHours(agg), actionCounts(tenant), analyst.forecast(daily, HORIZON_DAYS),
                Optional.empty(), new GovernanceMetrics.Sources("disabled", "none"));
    }

    /** Mean time to resolve, in hours to one decimal, of the findings resolved in the window. */
    private static Optional<Double> mttrHours(FindingAggregates agg) {
        return agg.resolved() == 0 ? Optional.empty()
                : Optional.of(LocalAnalyst.round1(agg.resolveSeconds() / 3600.0 / agg.resolved()));
    }

    private GovernanceMetrics.ActionCounts actionCounts(TenantId tenant) {
        return new GovernanceMetrics.ActionCounts(
                count(tenant, ActionState.PLANNED) + count(tenant, ActionState.APPROVED),
                count(tenant, ActionState.PREFLIGHT) + count(tenant, ActionState.IN_PROGRESS) + count(tenant, ActionState.VERIFYING),
                count(tenant, ActionState.COMPLETED),
                count(tenant, ActionState.FAILED));
    }

    private long count(TenantId tenant, ActionState state) {
        return actions.count(tenant, ActionQuery.inState(state));
    }

    /** Every finding that matches, page by page. */
    private void forEach(TenantId tenant, FindingQuery query, Consumer<Finding> consumer) {
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<Finding> p = findings.query(tenant, query, page);
            p.items().forEach(consumer);
            if (p.nextCursor().isEmpty()) return;
            page = new PageRequest(PageRequest.MAX_LIMIT, p.nextCursor());
        }
    }

    /** The open findings ranked by the local analyst (for the assistant and analyses). */
    public List<LocalAnalyst.RankedRisk> topRisks(Principal principal, int limit) {
        FindingService.require(principal, Role.VIEWER);
        List<Finding> open = new ArrayList<>();
        forEach(principal.tenant(), FindingQuery.all().withStatus(FindingStatus.OPEN), open::add);
        open.sort(Comparator.comparing(Finding::id));
        return analyst.rankRisks(open, clock.instant(), limit);
    }
}
