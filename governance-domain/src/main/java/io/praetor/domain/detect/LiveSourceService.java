package io.praetor.domain.detect;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.credentials.CredentialProvider;
import io.praetor.ports.credentials.Credentials;
import io.praetor.ports.inventory.InventorySource;
import io.praetor.ports.inventory.InventorySourceRegistry;
import io.praetor.ports.inventory.LiveInventoryConnector;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.usecase.ImportResult;
import io.praetor.ports.usecase.InventorySourceUseCases;
import io.praetor.ports.usecase.SourceRegistration;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live inventory sources: registration, a sync now, and the scheduler's syncs of what is due.
 *
 * <p>A sync reads the source whole through its kind's {@link LiveInventoryConnector} first (a read
 * that fails changes nothing), then applies it through {@link InventoryService#importLive} as a
 * full snapshot of the source's scope: resources of the connector's source name and provider in
 * the source's account (API.md: the full scope of a live source includes its id). Two sources of
 * one tenant with the same kind and account would delete each other's resources, so registering
 * the second is a CONFLICT — the id and the scope name the same thing (ADR 0014).
 *
 * <p>Credentials: a source names a credential set ({@code credentials}), looked up through the
 * {@link CredentialProvider} port for the connector's provider at each sync and handed to the
 * connector for that read only; without a name, the lookup is by the source's account, and the
 * connector's SDK default chain applies when that finds nothing. Secrets never pass through here.
 * Syncs of one source are serialised in this process. Thread-safe.
 */
public final class LiveSourceService implements InventorySourceUseCases {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSourceService.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Duration MIN_SCHEDULE = Duration.ofMinutes(1);

    private final InventorySourceRegistry registry;
    private final InventoryService inventory;
    private final Map<String, LiveInventoryConnector> connectors;
    private final CredentialProvider credentials;
    private final InstantSource clock;
    private final Map<String, ReentrantLock> syncing = new ConcurrentHashMap<>();
    // when the scheduler last tried each source, so a failing source waits a period like a synced one
    private final Map<String, Instant> attempted = new ConcurrentHashMap<>();

    public LiveSourceService(InventorySourceRegistry registry, InventoryService inventory,
                             List<LiveInventoryConnector> connectors, CredentialProvider credentials,
                             InstantSource clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, LiveInventoryConnector> byKind = new LinkedHashMap<>();
        for (LiveInventoryConnector c : connectors) {
            if (byKind.put(c.kind(), c) != null) throw new IllegalArgumentException("two connectors of kind " + c.kind());
        }
        this.connectors = Map.copyOf(byKind);
    }

    /** The kinds that have a connector installed. */
    public List<String> kinds() {
        return connectors.keySet().stream().sorted().toList();
    }

    @Override
    public InventorySource register(Principal principal, SourceRegistration r) {
        require(principal, Role.OPERATOR);
        TenantId tenant = principal.tenant();
        if (!ID.matcher(r.id()).matches()) {
            throw invalid("id", "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        LiveInventoryConnector connector = connectors.get(r.kind());
        if (connector == null) {
            throw invalid("kind", "'" + r.kind() + "' has no adapter installed in this server"
                    + (connectors.isEmpty() ? "" : " (installed: " + String.join(", ", kinds()) + ")"));
        }
        r.schedule().ifPresent(s -> {
            if (s.compareTo(MIN_SCHEDULE) < 0) throw invalid("schedule", "must be at least 1 minute");
        });
        r.credentials().ifPresent(ref -> {
            if (!REFERENCE.matcher(ref).matches()) {
                throw invalid("credentials", "must name a credential set held by the server (letters, digits, '.', '_', '-')");
            }
            if (credentials.lookup(tenant, connector.provider(), ref).isEmpty()) {
                throw invalid("credentials", "'" + ref + "' is not a credential set this server holds for "
                        + connector.provider());
            }
        });
        Optional<InventorySource> existing = registry.get(tenant, r.id());
        InventorySource source = new InventorySource(r.id(), r.kind(), r.endpoint(), r.region(), r.account(),
                r.schedule(), r.pathStyle(), r.credentials(),
                existing.map(InventorySource::createdAt).orElse(clock.instant()),
                existing.map(InventorySource::createdBy).orElse(principal.subject()),
                existing.flatMap(InventorySource::lastSyncAt));
        List<String> problems = connector.check(source);
        if (!problems.isEmpty()) {
            throw new PraetorException(ErrorCode.VALIDATION, String.join("; ", problems),
                    problems.stream().map(p -> InputIssue.pointer("/" + p.split(" ")[0], p)).toList());
        }
        for (InventorySource other : registry.list(tenant)) {
            if (!other.id().equals(r.id()) && other.kind().equals(r.kind())
                    && other.account().orElse("").equals(r.account().orElse(""))) {
                throw new PraetorException(ErrorCode.CONFLICT, "source " + other.id() + " already covers kind "
                        + r.kind() + " in account '" + r.account().orElse("") + "': a sync of one would delete the"
                        + " other's resources");
            }
        }
        registry.save(tenant, source);
        return source;
    }

    @Override
    public List<InventorySource> sources(Principal principal) {
        require(principal, Role.VIEWER);
        return registry.list(principal.tenant());
    }

    @Override
    public ImportResult sync(Principal principal, String id) {
        require(principal, Role.OPERATOR);
        TenantId tenant = principal.tenant();
        InventorySource source = registry.get(tenant, id)
                .orElseThrow(() -> PraetorException.notFound("inventory source " + id));
        LiveInventoryConnector connector = connectors.get(source.kind());
        if (connector == null) throw invalid("kind", "'" + source.kind() + "' has no adapter installed in this server");
        ReentrantLock lock = syncing.computeIfAbsent(tenant.value() + "\u0000" + id, k -> new ReentrantLock());
        lock.lock();
        try {
            Optional<Credentials> secret = lookup(tenant, connector, source);
            List<Resource> read = new ArrayList<>();
            connector.fetch(source, secret, read::add);
            ResourceQuery scope = new ResourceQuery(Optional.of(connector.provider()), Optional.empty(), Optional.empty(),
                    Optional.of(source.account().orElse("")), Optional.of(connector.sourceName()), Map.of(),
                    Optional.empty(), Optional.empty(), Optional.empty());
            ImportResult result = inventory.importLive(principal, read, scope);
            Instant at = clock.instant();
            // re-read: a registration may have replaced the source while it was read
            registry.get(tenant, id).ifPresent(current -> registry.save(tenant, current.syncedAt(at)));
            return result;
        } finally {
            lock.unlock();
        }
    }

    private Optional<Credentials> lookup(TenantId tenant, LiveInventoryConnector connector, InventorySource source) {
        if (source.credentials().isPresent()) {
            String ref = source.credentials().get();
            return Optional.of(credentials.lookup(tenant, connector.provider(), ref).orElseThrow(() -> invalid(
                    "credentials", "'" + ref + "' is no longer a credential set this server holds")));
        }
        return credentials.lookup(tenant, connector.provider(), source.account().orElse(""));
    }

    /** As {@link #syncDue()}, with each sync going through {@code scheduled} (the audited use cases). */
    public int syncDue(InventorySourceUseCases scheduled) {
        Instant now = clock.instant();
        int ran = 0;
        for (InventorySourceRegistry.TenantSource ts : registry.all()) {
            String key = ts.tenant().value() + "\u0000" + ts.source().id();
            Instant tried = attempted.get(key);
            if (!ts.source().syncDueAt(now)) continue;
            if (tried != null && ts.source().schedule().isPresent() && tried.plus(ts.source().schedule().get()).isAfter(now)) {
                continue;
            }
            attempted.put(key, now);
            try {
                ImportResult r = scheduled.sync(Principal.system(ts.tenant()), ts.source().id());
                LOG.info("scheduled sync of source {} (tenant {}): {} read, {} created, {} updated, {} deleted",
                        ts.source().id(), ts.tenant(), r.received(), r.created(), r.updated(), r.deleted());
                ran++;
            } catch (RuntimeException e) {
                LOG.warn("scheduled sync of source {} (tenant {}) failed: {}", ts.source().id(), ts.tenant(), e.toString());
            }
        }
        return ran;
    }

    @Override
    public int syncDue() {
        return syncDue(this);
    }

    private static PraetorException invalid(String field, String problem) {
        return new PraetorException(ErrorCode.VALIDATION, field + " " + problem,
                List.of(InputIssue.pointer("/" + field, field + " " + problem)));
    }

    private static void require(Principal principal, Role role) {
        if (!principal.has(role)) {
            throw new PraetorException(ErrorCode.FORBIDDEN, "needs the " + role.wireName() + " role");
        }
    }
}
