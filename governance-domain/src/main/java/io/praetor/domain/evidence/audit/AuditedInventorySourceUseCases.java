package io.praetor.domain.evidence.audit;

import io.praetor.domain.detect.LiveSourceService;
import io.praetor.domain.evidence.AuditTrail;
import io.praetor.domain.evidence.LedgerKind;
import io.praetor.ports.Principal;
import io.praetor.ports.inventory.InventorySource;
import io.praetor.ports.usecase.ImportResult;
import io.praetor.ports.usecase.InventorySourceUseCases;
import io.praetor.ports.usecase.SourceRegistration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records {@code inventory.source.create} (subject: the source id; payload: the registration in
 * API.md's field names — the credential set's name, never a secret) and, for each sync, one
 * {@code inventory.import} (subject: the snapshot id; payload: {@code source_id}, {@code kind},
 * {@code full: true}) once the delegate succeeded. Scheduled syncs are recorded the same way, as
 * the system. Reads pass through.
 */
public final class AuditedInventorySourceUseCases implements InventorySourceUseCases {
    private final LiveSourceService delegate;
    private final AuditTrail audit;

    public AuditedInventorySourceUseCases(LiveSourceService delegate, AuditTrail audit) {
        this.delegate = Objects.requireNonNull(delegate);
        this.audit = Objects.requireNonNull(audit);
    }

    @Override
    public InventorySource register(Principal principal, SourceRegistration r) {
        InventorySource source = delegate.register(principal, r);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind());
        r.endpoint().ifPresent(v -> m.put("endpoint", v));
        r.region().ifPresent(v -> m.put("region", v));
        r.account().ifPresent(v -> m.put("account", v));
        r.schedule().ifPresent(v -> m.put("schedule", v.toString()));
        m.put("path_style", r.pathStyle());
        r.credentials().ifPresent(v -> m.put("credentials", v));
        audit.record(principal, LedgerKind.INVENTORY_SOURCE_CREATE, r.id(), m);
        return source;
    }

    @Override
    public List<InventorySource> sources(Principal principal) {
        return delegate.sources(principal);
    }

    @Override
    public ImportResult sync(Principal principal, String id) {
        ImportResult result = delegate.sync(principal, id);
        String kind = delegate.sources(Principal.system(principal.tenant())).stream().filter(s -> s.id().equals(id))
                .map(InventorySource::kind).findFirst().orElse("");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source_id", id);
        m.put("kind", kind);
        m.put("full", true);
        audit.record(principal, LedgerKind.INVENTORY_IMPORT, result.snapshotId(), m);
        return result;
    }

    @Override
    public int syncDue() {
        return delegate.syncDue(this);
    }

}
