package io.praetor.domain.detect;

import io.praetor.domain.events.TenantEventOutbox;
import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.events.Topics;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.inventory.ResourceScope;
import io.praetor.ports.inventory.ResourceStore;
import io.praetor.ports.usecase.ImportResult;
import io.praetor.ports.usecase.InventoryUseCases;
import io.praetor.ports.usecase.ResourceView;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.InputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detect's use cases: imports, single upserts and deletes, and resource reads.
 *
 * <p>An import is read whole first ({@link InventoryReader}), so an error anywhere stores nothing;
 * then, in one transaction, it is diffed against the stored state by {@link ContentHasher content
 * hash}: new ids are created (version 1), a different hash updates (version + 1), an equal hash is
 * unchanged and not written. A full snapshot also deletes the stored resources of each scope it
 * covers — (source, provider, account, region, types present) — that it does not list. Every real
 * change appends one {@code resource.changed} tenant event in the same transaction; after commit
 * the {@link TenantEventOutbox} publishes each on {@link Topics#TENANT_EVENTS} and
 * {@link Topics#RESOURCE_CHANGED} (key = resource id), and the optional {@link ResourceChangeListener} is told. A single PUT or DELETE takes the same
 * path. Writes need the operator role, reads the viewer role. Thread-safe.
 */
public final class InventoryService implements InventoryUseCases {
    public static final String RESOURCE_CHANGED = TenantEventOutbox.RESOURCE_CHANGED;

    private static final Logger LOG = LoggerFactory.getLogger(InventoryService.class);
    private static final com.fasterxml.jackson.core.JsonFactory EMBEDDED_JSON =
            com.fasterxml.jackson.core.JsonFactory.builder().build();

    private final ResourceStore store;
    private final FindingStore findings;
    private final TenantEventOutbox outbox;
    private final Transactions transactions;
    private final InstantSource clock;
    private final InventoryReader reader;
    private final InventoryLimits limits;
    private final Optional<ResourceChangeListener> listener;

    public InventoryService(ResourceStore store, FindingStore findings, TenantEventStore events, EventBus bus,
                            Transactions transactions, InstantSource clock, InventoryLimits limits,
                            Optional<ResourceChangeListener> listener) {
        this.store = Objects.requireNonNull(store, "store");
        this.findings = Objects.requireNonNull(findings, "findings");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.outbox = new TenantEventOutbox(events, bus, transactions);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.reader = new InventoryReader(clock, limits);
    }

    /** With the default limits and no listener. */
    public InventoryService(ResourceStore store, FindingStore findings, TenantEventStore events, EventBus bus,
                            Transactions transactions, InstantSource clock) {
        this(store, findings, events, bus, transactions, clock, InventoryLimits.DEFAULT, Optional.empty());
    }

    @Override
    public ImportResult importSnapshot(Principal principal, SnapshotImport request, InputStream body) {
        require(principal, Role.OPERATOR);
        ParsedSnapshot parsed = reader.read(request, body);
        List<SnapshotEntry> entries = hashAll(parsed.entries());
        String snapshotId = UUID.randomUUID().toString();
        Counts counts = transactions.inTransaction(() -> apply(principal.tenant(), entries, request.full()));
        return new ImportResult(snapshotId, parsed.received(), counts.created, counts.updated, counts.deleted,
                counts.unchanged);
    }

    /**
     * Applies what a live source read as a full snapshot of {@code scope}: the resources are diffed
     * like an import, and every stored resource that {@code scope} matches and the read did not list
     * is deleted (API.md: the full scope of a live source). One transaction; needs the operator role.
     */
    public ImportResult importLive(Principal principal, List<Resource> resources, ResourceQuery scope) {
        require(principal, Role.OPERATOR);
        Map<String, SnapshotEntry> byId = new LinkedHashMap<>();
        for (Resource r : resources) {
            if (!scope.matches(r)) {
                throw new PraetorException(ErrorCode.INTERNAL, "live source yielded " + r.id()
                        + " outside its own scope (source " + r.source() + ", account " + r.account() + ")");
            }
            byId.put(r.id(), new SnapshotEntry.Present(ContentHasher.hashed(normalise(r))));
        }
        List<SnapshotEntry> entries = List.copyOf(byId.values());
        String snapshotId = UUID.randomUUID().toString();
        Counts counts = transactions.inTransaction(() -> {
            Counts c = apply(principal.tenant(), entries, false);
            List<String> gone = new ArrayList<>();
            store.forEach(principal.tenant(), scope, r -> {
                if (!byId.containsKey(r.id())) gone.add(r.id());
            });
            Map<String, Resource> before = gone.isEmpty() ? Map.of() : store.getAll(principal.tenant(), gone);
            List<ResourceChange> deletions = new ArrayList<>(gone.size());
            for (String id : gone) deletions.add(new ResourceChange.Deleted(existing(before, id)));
            commit(principal.tenant(), deletions);
            c.deleted += deletions.size();
            return c;
        });
        return new ImportResult(snapshotId, resources.size(), counts.created, counts.updated, counts.deleted,
                counts.unchanged);
    }

    @Override
    public Resource putResource(Principal principal, Resource resource) {
        require(principal, Role.OPERATOR);
        Resource normalised = ContentHasher.hashed(normalise(resource));
        TenantId tenant = principal.tenant();
        return transactions.inTransaction(() -> {
            apply(tenant, List.of(new SnapshotEntry.Present(normalised)), false);
            return store.get(tenant, normalised.id()).orElseThrow(() -> new PraetorException(ErrorCode.INTERNAL,
                    "resource vanished while it was written: " + normalised.id()));
        });
    }

    @Override
    public void deleteResource(Principal principal, String id) {
        require(principal, Role.OPERATOR);
        TenantId tenant = principal.tenant();
        transactions.run(() -> {
            Resource before = store.get(tenant, id).orElseThrow(() -> PraetorException.notFound("resource " + id));
            commit(tenant, List.of(new ResourceChange.Deleted(before)));
        });
    }

    @Override
    public Page<Resource> resources(Principal principal, ResourceQuery query, PageRequest page) {
        require(principal, Role.VIEWER);
        return store.query(principal.tenant(), query, page);
    }

    @Override
    public ResourceView resource(Principal principal, String id) {
        require(principal, Role.VIEWER);
        Resource r = store.get(principal.tenant(), id).orElseThrow(() -> PraetorException.notFound("resource " + id));
        List<Finding> open = findings.forResource(principal.tenant(), id).stream()
                .filter(f -> f.status() == FindingStatus.OPEN)
                .toList();
        return new ResourceView(r, open);
    }

    /** A PUT body as an import record would be: source defaulted, JSON-in-strings expanded, frozen. */
    private Resource normalise(Resource r) {
        Object expanded = new JsonTreeReader(EMBEDDED_JSON, limits.maxDepth(), true)
                .expandJsonStrings(JsonTrees.freeze(r.properties()), 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) expanded;
        return new Resource(r.id(), r.key(), r.provider(), r.type(), r.name(), r.region(), r.account(), r.tags(),
                properties, r.source().isEmpty() ? "praetor" : r.source(), r.observedAt(), 0, "");
    }

    /** Entries the reader has not hashed yet (it hashes what it reads; this is a safety net). */
    private static List<SnapshotEntry> hashAll(List<SnapshotEntry> entries) {
        return entries.stream().map(e -> switch (e) {
            case SnapshotEntry.Present p when p.resource().contentHash().isEmpty() ->
                    (SnapshotEntry) new SnapshotEntry.Present(ContentHasher.hashed(p.resource()));
            case SnapshotEntry.Present p -> p;
            case SnapshotEntry.Deleted d -> d;
        }).toList();
    }

    private static final class Counts {
        long created;
        long updated;
        long deleted;
        long unchanged;
    }

    /** Diffs the entries against the store and commits the changes; runs inside a transaction. */
    private Counts apply(TenantId tenant, List<SnapshotEntry> entries, boolean full) {
        Set<String> ids = new HashSet<>(entries.size() * 2);
        for (SnapshotEntry e : entries) {
            ids.add(e.id());
        }
        Map<String, ResourceStore.StoredVersion> stored = store.versions(tenant, ids);
        // The stored state of what is updated or deleted (its event and the listener need it), read
        // in one go rather than one resource at a time (a round trip each on PostgreSQL).
        List<String> needed = new ArrayList<>();
        for (SnapshotEntry entry : entries) {
            ResourceStore.StoredVersion was = stored.get(entry.id());
            if (was == null) continue;
            if (entry instanceof SnapshotEntry.Deleted
                    || (entry instanceof SnapshotEntry.Present p && !was.contentHash().equals(p.resource().contentHash()))) {
                needed.add(entry.id());
            }
        }
        List<String> goneFromScopes = new ArrayList<>();
        if (full) {
            for (ResourceScope scope : scopesOf(entries)) {
                for (String id : store.idsInScope(tenant, scope)) {
                    if (!ids.contains(id)) goneFromScopes.add(id);
                }
            }
        }
        needed.addAll(goneFromScopes);
        Map<String, Resource> before = needed.isEmpty() ? Map.of() : store.getAll(tenant, needed);
        Counts counts = new Counts();
        List<ResourceChange> changes = new ArrayList<>();
        for (SnapshotEntry entry : entries) {
            ResourceStore.StoredVersion was = stored.get(entry.id());
            switch (entry) {
                case SnapshotEntry.Present p -> {
                    Resource r = p.resource();
                    if (was == null) {
                        changes.add(new ResourceChange.Created(r.withVersion(1)));
                        counts.created++;
                    } else if (was.contentHash().equals(r.contentHash())) {
                        counts.unchanged++;
                    } else {
                        changes.add(new ResourceChange.Updated(existing(before, r.id()), r.withVersion(was.version() + 1)));
                        counts.updated++;
                    }
                }
                case SnapshotEntry.Deleted d -> {
                    if (was == null) {
                        counts.unchanged++;
                    } else {
                        changes.add(new ResourceChange.Deleted(existing(before, d.id())));
                        counts.deleted++;
                    }
                }
            }
        }
        for (String id : goneFromScopes) {
            changes.add(new ResourceChange.Deleted(existing(before, id)));
            counts.deleted++;
        }
        commit(tenant, changes);
        return counts;
    }

    /** The scopes a full snapshot covers: per (source, provider, account, region), the types present. */
    private static List<ResourceScope> scopesOf(List<SnapshotEntry> entries) {
        Map<List<String>, Set<String>> types = new LinkedHashMap<>();
        for (SnapshotEntry e : entries) {
            int dot = e.type().indexOf('.');
            String provider = dot < 0 ? e.type() : e.type().substring(0, dot);
            types.computeIfAbsent(List.of(e.source(), provider, e.account(), e.region()), k -> new HashSet<>())
                    .add(e.type());
        }
        List<ResourceScope> scopes = new ArrayList<>(types.size());
        types.forEach((k, t) -> scopes.add(new ResourceScope(k.get(0), k.get(1), k.get(2), k.get(3), t)));
        return scopes;
    }

    /** {@code id} as read by {@link ResourceStore#getAll}: gone since its version was read means a concurrent delete. */
    private static Resource existing(Map<String, Resource> read, String id) {
        Resource r = read.get(id);
        if (r == null) throw new PraetorException(ErrorCode.CONFLICT, "resource " + id + " was deleted concurrently");
        return r;
    }

    /** Stores the changes and their events; publishes and notifies after commit. */
    private void commit(TenantId tenant, List<ResourceChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Resource> puts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        List<TenantEvent> drafts = new ArrayList<>(changes.size());
        Instant now = clock.instant();
        for (ResourceChange change : changes) {
            switch (change) {
                case ResourceChange.Created c -> puts.add(c.after());
                case ResourceChange.Updated u -> puts.add(u.after());
                case ResourceChange.Deleted d -> deletes.add(d.id());
            }
            drafts.add(TenantEvent.draft(tenant, RESOURCE_CHANGED, now, eventData(change)));
        }
        if (!puts.isEmpty()) {
            store.putAll(tenant, puts);
        }
        if (!deletes.isEmpty()) {
            store.deleteAll(tenant, deletes);
        }
        outbox.append(tenant, drafts);
        List<ResourceChange> told = List.copyOf(changes);
        transactions.afterCommit(() -> listener.ifPresent(l -> notify(l, tenant, told)));
    }

    private static Map<String, Object> eventData(ResourceChange change) {
        Resource r = switch (change) {
            case ResourceChange.Created c -> c.after();
            case ResourceChange.Updated u -> u.after();
            case ResourceChange.Deleted d -> d.before();
        };
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("resource_key", r.key());
        data.put("resource_id", r.id());
        data.put("version", change.version());
        data.put("change", change.kind());
        return JsonTrees.freezeObject(data);
    }

    private static void notify(ResourceChangeListener l, TenantId tenant, List<ResourceChange> changes) {
        try {
            l.onChanges(tenant, changes);
        } catch (RuntimeException e) {
            LOG.error("resource change listener failed for tenant {} ({} changes)", tenant, changes.size(), e);
        }
    }

    private static void require(Principal principal, Role role) {
        if (!principal.has(role)) {
            throw new PraetorException(ErrorCode.FORBIDDEN, "needs the " + role.wireName() + " role");
        }
    }

}
