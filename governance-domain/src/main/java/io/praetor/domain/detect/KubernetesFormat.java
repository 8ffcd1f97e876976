package io.praetor.domain.detect;

import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.inventory.Resource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Kubernetes objects: {@code kubectl get … -o json} output ({@code {kind: List, items}}) or one
 * object. Nothing is lifted; region and account (the cluster) come from the import's parameters.
 * An object carries no observation time ({@code creationTimestamp} is when it was created, not
 * when it was seen), so {@code observed_at} is the import time.
 */
final class KubernetesFormat implements RecordFormat {
    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public Envelope envelope(String key) {
        return key.equals("items") ? Envelope.LIST_OF_RECORDS : Envelope.NONE;
    }

    @Override
    public boolean expands(String key) {
        return true;
    }

    @Override
    public SnapshotEntry normalise(LinkedHashMap<String, Object> object, RecordContext ctx) {
        String uid = ctx.text(RecordContext.path(object, "metadata", "uid"), "metadata.uid");
        if (uid.isEmpty()) {
            throw ctx.invalid("metadata.uid", "missing");
        }
        String type = typeOf(ctx.text(object.get("apiVersion"), "apiVersion"),
                ctx.text(object.get("kind"), "kind"), ctx);
        String objectName = ctx.text(RecordContext.path(object, "metadata", "name"), "metadata.name");
        String namespace = ctx.text(RecordContext.path(object, "metadata", "namespace"), "metadata.namespace");
        String name = namespace.isEmpty() ? objectName : namespace + "/" + objectName;
        Map<String, String> tags = ctx.tagMap(RecordContext.path(object, "metadata", "labels"), "metadata.labels");
        return new SnapshotEntry.Present(Resource.of(uid, type, name, ctx.regionOr(""), ctx.accountOr(""), tags,
                JsonTreeReader.immutableObject(object), name(), ctx.importTime()));
    }

    /** {@code apps/v1} + {@code Deployment} → {@code k8s.apps.deployment}; {@code v1} is the core group. */
    static String typeOf(String apiVersion, String kind, RecordContext ctx) {
        if (apiVersion.isEmpty()) {
            throw ctx.invalid("apiVersion", "missing");
        }
        if (kind.isEmpty()) {
            throw ctx.invalid("kind", "missing");
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "core" : apiVersion.substring(0, slash);
        int dot = group.indexOf('.');
        if (dot >= 0) {
            group = group.substring(0, dot);
        }
        return ("k8s." + group + "." + kind).toLowerCase(Locale.ROOT);
    }
}
