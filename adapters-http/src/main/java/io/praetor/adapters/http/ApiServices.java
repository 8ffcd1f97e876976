package io.praetor.adapters.http;

import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.ports.coordination.RateLimiter;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.usecase.ActionUseCases;
import io.praetor.ports.usecase.AiUseCases;
import io.praetor.ports.usecase.ElevationUseCases;
import io.praetor.ports.usecase.EvidenceUseCases;
import io.praetor.ports.usecase.ExemptionUseCases;
import io.praetor.ports.usecase.FindingUseCases;
import io.praetor.ports.usecase.InventorySourceUseCases;
import io.praetor.ports.usecase.InventoryUseCases;
import io.praetor.ports.usecase.LedgerUseCases;
import io.praetor.ports.usecase.MetricsUseCases;
import io.praetor.ports.usecase.PolicyUseCases;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What the HTTP API calls: the driving ports (AI included), plus the driven ports it needs itself — the tenant
 * event log and bus for {@code GET /events}, idempotency records and the rate limiter.
 */
public record ApiServices(
        InventoryUseCases inventory,
        PolicyUseCases policies,
        FindingUseCases findings,
        ExemptionUseCases exemptions,
        MetricsUseCases metrics,
        ActionUseCases actions,
        ElevationUseCases elevations,
        EvidenceUseCases evidence,
        LedgerUseCases ledger,
        AiUseCases ai,
        TenantEventStore tenantEvents,
        InventorySourceUseCases inventorySources,
        EventBus bus,
        IdempotencyRecords idempotency,
        RateLimiter rateLimiter,
        InstantSource clock) {
    public ApiServices {
        Objects.requireNonNull(inventory);
        Objects.requireNonNull(policies);
        Objects.requireNonNull(findings);
        Objects.requireNonNull(exemptions);
        Objects.requireNonNull(metrics);
        Objects.requireNonNull(actions);
        Objects.requireNonNull(elevations);
        Objects.requireNonNull(evidence);
        Objects.requireNonNull(ledger);
        Objects.requireNonNull(ai);
        Objects.requireNonNull(tenantEvents);
        Objects.requireNonNull(inventorySources);
        Objects.requireNonNull(bus);
        Objects.requireNonNull(idempotency);
        Objects.requireNonNull(rateLimiter);
        Objects.requireNonNull(clock);
    }
}
