package io.praetor.domain.detect;

import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.inventory.Resource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Azure Resource Graph rows: {@code az graph query} output ({@code {count, data, …}}), the REST
 * body ({@code {totalRecords, data, …}}) or a bare list of rows. Resource Graph records no capture
 * time, so {@code observed_at} is the import time.
 */
final class AzureResourceGraphFormat implements RecordFormat {
    private static final Set<String> LIFTED = Set.of("id", "name", "type", "location", "subscriptionId", "tags");

    @Override
    public String name() {
        return "azure-resource-graph";
    }

    @Override
    public Envelope envelope(String key) {
        return key.equals("data") ? Envelope.LIST_OF_RECORDS : Envelope.NONE;
    }

    @Override
    public boolean expands(String key) {
        return !LIFTED.contains(key);
    }

    @Override
    public SnapshotEntry normalise(LinkedHashMap<String, Object> row, RecordContext ctx) {
        String id = ctx.liftString(row, "id");
        if (id.isEmpty()) {
            throw ctx.invalid("id", "missing");
        }
        String type = typeOf(ctx.liftString(row, "type"), ctx);
        String name = ctx.liftString(row, "name");
        String region = ctx.regionOr(ctx.liftString(row, "location"));
        String account = ctx.accountOr(ctx.liftString(row, "subscriptionId"));
        Map<String, String> tags = ctx.tagMap(row.remove("tags"), "tags");
        return new SnapshotEntry.Present(Resource.of(id, type, name, region, account, tags,
                JsonTreeReader.immutableObject(row), name(), ctx.importTime()));
    }

    /** {@code Microsoft.Sql/servers/databases} → {@code azure.sql.servers.databases}. */
    static String typeOf(String armType, RecordContext ctx) {
        String lower = armType.toLowerCase(Locale.ROOT);
        int slash = lower.indexOf('/');
        if (slash <= 0 || slash == lower.length() - 1) {
            throw ctx.invalid("type", armType.isEmpty() ? "missing"
                    : "expected <namespace>/<type>, found " + armType);
        }
        String namespace = lower.substring(0, slash);
        if (namespace.startsWith("microsoft.")) {
            namespace = namespace.substring("microsoft.".length());
        }
        return "azure." + namespace + "." + lower.substring(slash + 1).replace('/', '.');
    }
}
