package io.praetor.domain.act;

import io.praetor.ports.DrivenPorts;
import io.praetor.ports.Transactions;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.action.ActionStore;
import io.praetor.ports.action.ElevationStore;
import io.praetor.ports.coordination.Locks;
import io.praetor.ports.credentials.CredentialProvider;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.inventory.ResourceStore;
import io.praetor.ports.policy.PolicyStore;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The driven ports act uses, in one value so that {@link ActionService} and {@link ActionExecutor}
 * are wired the same way. All stores must come from one adapter family so that
 * {@code transactions} covers them.
 */
public record ActPorts(
        Transactions transactions,
        ActionStore actions,
        ActionEventStore actionEvents,
        TenantEventStore tenantEvents,
        ElevationStore elevations,
        FindingStore findings,
        PolicyStore policies,
        ResourceStore resources,
        EventBus bus,
        Locks locks,
        CredentialProvider credentials,
        InstantSource clock) {

    public ActPorts {
        Objects.requireNonNull(transactions);
        Objects.requireNonNull(actions);
        Objects.requireNonNull(actionEvents);
        Objects.requireNonNull(tenantEvents);
        Objects.requireNonNull(elevations);
        Objects.requireNonNull(findings);
        Objects.requireNonNull(policies);
        Objects.requireNonNull(resources);
        Objects.requireNonNull(bus);
        Objects.requireNonNull(locks);
        Objects.requireNonNull(credentials);
        Objects.requireNonNull(clock);
    }

    /** Act's ports out of an adapter family, with handlers getting credentials from {@code credentials}. */
    public static ActPorts from(DrivenPorts family, CredentialProvider credentials) {
        return new ActPorts(family.transactions(), family.actions(), family.actionEvents(), family.tenantEvents(),
                family.elevations(), family.findings(), family.policies(), family.resources(), family.eventBus(),
                family.locks(), credentials, family.clock());
    }

    /** Act's ports out of an adapter family, without credentials for handlers. */
    public static ActPorts from(DrivenPorts family) {
        return from(family, noCredentials());
    }

    /** A credential provider that has none (handlers then use their SDK's default chain). */
    public static CredentialProvider noCredentials() {
        return (tenant, provider, account) -> Optional.empty();
    }
}
