package io.praetor.domain.detect;

import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.inventory.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Google Cloud Asset Inventory assets: an export (NDJSON, snake_case keys), or a JSON list of
 * assets (also the API's camelCase keys, and a {@code ListAssets} response's {@code assets} list).
 * {@code observed_at} is the asset's {@code update_time} / {@code updateTime}, the time the asset
 * inventory last saw it change, else the import time.
 */
final class GcpAssetFormat implements RecordFormat {
    @Override
    public String name() {
        return "gcp-asset";
    }

    @Override
    public Envelope envelope(String key) {
        return key.equals("assets") ? Envelope.LIST_OF_RECORDS : Envelope.NONE;
    }

    @Override
    public boolean expands(String key) {
        return !key.equals("name") && !key.equals("asset_type") && !key.equals("assetType");
    }

    @Override
    public SnapshotEntry normalise(LinkedHashMap<String, Object> asset, RecordContext ctx) {
        String id = ctx.liftString(asset, "name");
        if (id.isEmpty()) {
            throw ctx.invalid("name", "missing");
        }
        String snake = ctx.liftString(asset, "asset_type");
        String camel = ctx.liftString(asset, "assetType");
        String type = typeOf(snake.isEmpty() ? camel : snake, ctx);
        String name = id.substring(id.lastIndexOf('/') + 1);
        Object location = RecordContext.path(asset, "resource", "location");
        String region = ctx.regionOr(location instanceof String s ? s : "");
        String account = ctx.accountOr(projectOf(asset.get("ancestors")));
        Map<String, String> tags = ctx.tagMap(RecordContext.path(asset, "resource", "data", "labels"),
                "resource.data.labels");
        Object updated = asset.containsKey("update_time") ? asset.get("update_time") : asset.get("updateTime");
        return new SnapshotEntry.Present(Resource.of(id, type, name, region, account, tags,
                JsonTreeReader.immutableObject(asset), name(), ctx.timeOr(updated, "update_time")));
    }

    /** The project number of the first {@code projects/…} ancestor, or "". */
    private static String projectOf(Object ancestors) {
        if (ancestors instanceof List<?> list) {
            for (Object a : list) {
                if (a instanceof String s && s.startsWith("projects/")) {
                    return s.substring("projects/".length());
                }
            }
        }
        return "";
    }

    /**
     * {@code storage.googleapis.com/Bucket} → {@code gcp.storage.bucket}; Kubernetes assets
     * ({@code k8s.io/Pod}, {@code apps.k8s.io/Deployment}) get the {@code kubernetes} format's names.
     */
    static String typeOf(String assetType, RecordContext ctx) {
        int slash = assetType.indexOf('/');
        if (slash <= 0 || slash == assetType.length() - 1) {
            throw ctx.invalid("asset_type", assetType.isEmpty() ? "missing"
                    : "expected <service>/<Kind>, found " + assetType);
        }
        String host = assetType.substring(0, slash).toLowerCase(Locale.ROOT);
        String kind = assetType.substring(slash + 1).toLowerCase(Locale.ROOT).replace('/', '.');
        if (host.equals("k8s.io") || host.endsWith(".k8s.io")) {
            String group = host.equals("k8s.io") ? "core" : firstLabel(host);
            return "k8s." + group + "." + kind;
        }
        return "gcp." + firstLabel(host) + "." + kind;
    }

    private static String firstLabel(String host) {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }
}
