package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.Resources.*;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.SortOrder;
import io.praetor.ports.TenantId;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.inventory.ResourceScope;
import io.praetor.ports.inventory.ResourceStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.InsertValuesStep14;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * Resources in the {@code resources} table. Listings in id order page by keyset (cursor = last id);
 * other sorts page by offset. Sortable fields: id, name, type, provider, region, account, source,
 * observed_at, version. Large writes and id lists go in chunks.
 */
final class PostgresResourceStore implements ResourceStore {
    private static final int CHUNK = 500;
    /** Ids per {@code = ANY(?)} lookup: one array parameter, so the size is not bound by the 32,767 parameters. */
    private static final int LOOKUP_CHUNK = 5_000;

    private final PostgresTransactions tx;

    PostgresResourceStore(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Resource> get(TenantId tenant, String id) {
        return tx.inTenant(tenant, "reading a resource", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), ID.eq(id))
                .fetchOptional(PostgresResourceStore::toResource));
    }

    @Override
    public Map<String, Resource> getAll(TenantId tenant, Collection<String> ids) {
        Map<String, Resource> out = new HashMap<>(Math.max(16, ids.size() * 2));
        // 5,000 ids an array parameter, like versions: one round trip per chunk, not per id
        for (List<String> chunk : chunks(ids, LOOKUP_CHUNK)) {
            tx.inTenant(tenant, "reading resources", dsl -> {
                dsl.select(ALL).from(T).where(TENANT.eq(tenant.value()), ID.eq(DSL.any(chunk.toArray(String[]::new))))
                        .forEach(r -> {
                            Resource resource = toResource(r);
                            out.put(resource.id(), resource);
                        });
                return null;
            });
        }
        return out;
    }

    @Override
    public Map<String, StoredVersion> versions(TenantId tenant, Collection<String> ids) {
        Map<String, StoredVersion> out = new HashMap<>(Math.max(16, ids.size() * 2));
        for (List<String> chunk : chunks(ids, LOOKUP_CHUNK)) {
            tx.inTenant(tenant, "reading resource versions", dsl -> {
                dsl.select(ID, VERSION, CONTENT_HASH).from(T)
                        .where(TENANT.eq(tenant.value()), ID.eq(DSL.any(chunk.toArray(String[]::new))))
                        .forEach(r -> out.put(r.get(ID), new StoredVersion(r.get(VERSION), r.get(CONTENT_HASH))));
                return null;
            });
        }
        return out;
    }

    @Override
    public Page<Resource> query(TenantId tenant, ResourceQuery query, PageRequest page) {
        Condition where = conditions(tenant, query);
        Optional<SortOrder> sort = query.sort().filter(s -> !(s.field().equals("id") && !s.descending()));
        if (sort.isEmpty()) {
            Optional<String> after = page.cursor().map(c -> Cursors.decode(c, "k:"));
            Condition keyset = after.map(ID::gt).orElse(DSL.noCondition());
            List<Resource> rows = tx.inTenant(tenant, "listing resources", dsl -> dsl.select(ALL).from(T)
                    .where(where, keyset).orderBy(ID).limit(page.limit() + 1)
                    .fetch(PostgresResourceStore::toResource));
            if (rows.size() <= page.limit()) return Page.last(rows);
            List<Resource> items = rows.subList(0, page.limit());
            return new Page<>(items, Optional.of(Cursors.encode("k:" + items.get(items.size() - 1).id())));
        }
        int offset = page.cursor().map(c -> Cursors.offset(Cursors.decode(c, "o:"))).orElse(0);
        SortField<?> order = sortField(sort.get());
        List<Resource> rows = tx.inTenant(tenant, "listing resources", dsl -> dsl.select(ALL).from(T)
                .where(where).orderBy(order, ID.asc()).limit(page.limit() + 1).offset(offset)
                .fetch(PostgresResourceStore::toResource));
        if (rows.size() <= page.limit()) return Page.last(rows);
        return new Page<>(rows.subList(0, page.limit()), Optional.of(Cursors.encode("o:" + (offset + page.limit()))));
    }

    private static SortField<?> sortField(SortOrder sort) {
        Field<?> f = switch (sort.field()) {
            case "id" -> ID;
            case "name" -> NAME;
            case "type" -> TYPE;
            case "provider" -> PROVIDER;
            case "region" -> REGION;
            case "account" -> ACCOUNT;
            case "source" -> SOURCE;
            case "observed_at" -> OBSERVED_AT;
            case "version" -> VERSION;
            default -> throw new PraetorException(ErrorCode.VALIDATION, "cannot sort resources by " + sort.field());
        };
        return sort.descending() ? f.desc() : f.asc();
    }

    private static Condition conditions(TenantId tenant, ResourceQuery q) {
        List<Condition> all = new ArrayList<>();
        all.add(TENANT.eq(tenant.value()));
        q.provider().ifPresent(v -> all.add(PROVIDER.eq(v)));
        q.type().ifPresent(t -> all.add(t.endsWith(".*")
                ? TYPE.startsWith(t.substring(0, t.length() - 1)) : TYPE.eq(t)));
        q.region().ifPresent(v -> all.add(REGION.eq(v)));
        q.account().ifPresent(v -> all.add(ACCOUNT.eq(v)));
        q.source().ifPresent(v -> all.add(SOURCE.eq(v)));
        q.id().ifPresent(v -> all.add(ID.eq(v)));
        if (!q.tags().isEmpty()) {
            all.add(DSL.condition("{0} @> {1}", TAGS, DSL.val(JsonColumns.write(q.tags()))));
        }
        q.text().ifPresent(t -> all.add(ID.containsIgnoreCase(t).or(NAME.containsIgnoreCase(t))));
        return DSL.and(all);
    }

    @Override
    public void forEach(TenantId tenant, ResourceQuery query, Consumer<Resource> consumer) {
        // keyset pages of CHUNK rows: memory stays bounded and no cursor is held across callbacks
        Condition where = conditions(tenant, query);
        Optional<String> after = Optional.empty();
        while (true) {
            Condition keyset = after.map(ID::gt).orElse(DSL.noCondition());
            List<Resource> rows = tx.inTenant(tenant, "streaming resources", dsl -> dsl.select(ALL).from(T)
                    .where(where, keyset).orderBy(ID).limit(CHUNK).fetch(PostgresResourceStore::toResource));
            rows.forEach(consumer);
            if (rows.size() < CHUNK) return;
            after = Optional.of(rows.get(rows.size() - 1).id());
        }
    }

    @Override
    public Collection<String> idsInScope(TenantId tenant, ResourceScope scope) {
        if (scope.types().isEmpty()) return List.of();
        return tx.inTenant(tenant, "listing resources in scope", dsl -> dsl.select(ID).from(T)
                .where(TENANT.eq(tenant.value()), SOURCE.eq(scope.source()), PROVIDER.eq(scope.provider()),
                        ACCOUNT.eq(scope.account()), REGION.eq(scope.region()),
                        TYPE.eq(DSL.any(scope.types().toArray(String[]::new))))
                .orderBy(ID).fetch(ID));
    }

    @Override
    public void putAll(TenantId tenant, Collection<Resource> resources) {
        if (resources.size() >= BulkRows.THRESHOLD) {
            putAllByCopy(tenant, resources);
            return;
        }
        for (List<Resource> chunk : chunks(resources)) {
            tx.inTenant(tenant, "storing resources", dsl -> {
                InsertValuesStep14<Record, String, String, String, String, String, String, String, String,
                        org.jooq.JSONB, org.jooq.JSONB, String, java.time.Instant, Long, String> insert =
                        dsl.insertInto(T, TENANT, ID, KEY, PROVIDER, TYPE, NAME, REGION, ACCOUNT, TAGS, PROPERTIES,
                                SOURCE, OBSERVED_AT, VERSION, CONTENT_HASH);
                for (Resource r : chunk) {
                    insert = insert.values(tenant.value(), r.id(), r.key(), r.provider(), r.type(), r.name(),
                            r.region(), r.account(), JsonColumns.write(r.tags()), JsonColumns.write(r.properties()),
                            r.source(), r.observedAt(), r.version(), r.contentHash());
                }
                return insert.onConflict(TENANT, ID).doUpdate()
                        .set(KEY, DSL.excluded(KEY)).set(PROVIDER, DSL.excluded(PROVIDER))
                        .set(TYPE, DSL.excluded(TYPE)).set(NAME, DSL.excluded(NAME))
                        .set(REGION, DSL.excluded(REGION)).set(ACCOUNT, DSL.excluded(ACCOUNT))
                        .set(TAGS, DSL.excluded(TAGS)).set(PROPERTIES, DSL.excluded(PROPERTIES))
                        .set(SOURCE, DSL.excluded(SOURCE)).set(OBSERVED_AT, DSL.excluded(OBSERVED_AT))
                        .set(VERSION, DSL.excluded(VERSION)).set(CONTENT_HASH, DSL.excluded(CONTENT_HASH))
                        .execute();
            });
        }
    }

    /**
     * A large write (an import): COPY into the staging table, then one upsert from it, in the
     * caller's transaction (or one of its own). The same id twice keeps the last, as the chunked
     * path does across chunks.
     */
    private void putAllByCopy(TenantId tenant, Collection<Resource> resources) {
        Map<String, Resource> lastById = new java.util.LinkedHashMap<>(resources.size() * 2);
        for (Resource r : resources) {
            lastById.remove(r.id());
            lastById.put(r.id(), r);
        }
        Iterable<Object[]> rows = () -> lastById.values().stream().map(r -> new Object[] {tenant.value(), r.id(), r.key(),
                r.provider(), r.type(), r.name(), r.region(), r.account(), JsonColumns.write(r.tags()),
                JsonColumns.write(r.properties()), r.source(), r.observedAt(), r.version(), r.contentHash()}).iterator();
        tx.inTenant(tenant, "storing resources", dsl -> BulkRows.stage(dsl, T, ALL, rows)
                .onConflict(TENANT, ID).doUpdate()
                .set(KEY, DSL.excluded(KEY)).set(PROVIDER, DSL.excluded(PROVIDER))
                .set(TYPE, DSL.excluded(TYPE)).set(NAME, DSL.excluded(NAME))
                .set(REGION, DSL.excluded(REGION)).set(ACCOUNT, DSL.excluded(ACCOUNT))
                .set(TAGS, DSL.excluded(TAGS)).set(PROPERTIES, DSL.excluded(PROPERTIES))
                .set(SOURCE, DSL.excluded(SOURCE)).set(OBSERVED_AT, DSL.excluded(OBSERVED_AT))
                .set(VERSION, DSL.excluded(VERSION)).set(CONTENT_HASH, DSL.excluded(CONTENT_HASH))
                .execute());
    }

    @Override
    public Collection<String> deleteAll(TenantId tenant, Collection<String> ids) {
        Set<String> deleted = new HashSet<>();
        for (List<String> chunk : chunks(ids, LOOKUP_CHUNK)) {
            deleted.addAll(tx.inTenant(tenant, "deleting resources", dsl -> dsl.deleteFrom(T)
                    .where(TENANT.eq(tenant.value()), ID.eq(DSL.any(chunk.toArray(String[]::new))))
                    .returning(ID).fetch(ID)));
        }
        List<String> inOrder = new ArrayList<>(deleted.size());
        for (String id : ids) {
            if (deleted.remove(id)) inOrder.add(id);
        }
        return inOrder;
    }

    @Override
    public long count(TenantId tenant) {
        return tx.inTenant(tenant, "counting resources", dsl ->
                (long) dsl.fetchCount(T, TENANT.eq(tenant.value())));
    }

    private static Resource toResource(Record r) {
        return new Resource(r.get(ID), r.get(KEY), r.get(PROVIDER), r.get(TYPE), r.get(NAME), r.get(REGION),
                r.get(ACCOUNT), JsonColumns.readStrings(r.get(TAGS)), JsonColumns.readObject(r.get(PROPERTIES)),
                r.get(SOURCE), r.get(OBSERVED_AT), r.get(VERSION), r.get(CONTENT_HASH));
    }

    private static <E> List<List<E>> chunks(Collection<E> all) {
        return chunks(all, CHUNK);
    }

    private static <E> List<List<E>> chunks(Collection<E> all, int size) {
        List<E> list = List.copyOf(all);
        List<List<E>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) out.add(list.subList(i, Math.min(list.size(), i + size)));
        return out;
    }

}
