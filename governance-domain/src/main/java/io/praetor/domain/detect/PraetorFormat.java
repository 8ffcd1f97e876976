package io.praetor.domain.detect;

import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceKeys;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Praetor's own format: NDJSON (or a JSON list) of Resource objects as the API writes them. Every
 * envelope field is taken as given; {@code key}, {@code provider}, {@code version} and
 * {@code content_hash} may be present (an export) but must agree with the id and type, and are
 * recomputed. {@code source} defaults to {@code praetor}, {@code observed_at} to the import time;
 * the import's {@code type=}, {@code region=} and {@code account=} fill those fields when a record
 * lacks them.
 */
final class PraetorFormat implements RecordFormat {
    private static final Set<String> KNOWN = Set.of("id", "key", "provider", "type", "name", "region", "account",
            "tags", "properties", "source", "observed_at", "version", "content_hash");

    @Override
    public String name() {
        return "praetor";
    }

    @Override
    public Envelope envelope(String key) {
        return Envelope.NONE;
    }

    @Override
    public boolean expands(String key) {
        return key.equals("properties");
    }

    @Override
    public SnapshotEntry normalise(LinkedHashMap<String, Object> record, RecordContext ctx) {
        for (String key : record.keySet()) {
            if (!KNOWN.contains(key)) {
                throw ctx.invalid(key, "not a field of a resource");
            }
        }
        String id = ctx.text(record.get("id"), "id");
        if (id.isEmpty()) {
            throw ctx.invalid("id", "missing");
        }
        String type = ctx.text(record.get("type"), "type");
        if (type.isEmpty()) {
            type = ctx.request().type().orElse("");
        }
        if (type.isEmpty()) {
            throw ctx.invalid("type", "missing");
        }
        String key = ctx.text(record.get("key"), "key");
        if (!key.isEmpty() && !key.equals(ResourceKeys.keyOf(id))) {
            throw ctx.invalid("key", "does not match the id (base64url of the id)");
        }
        String provider = ctx.text(record.get("provider"), "provider");
        int dot = type.indexOf('.');
        if (!provider.isEmpty() && !provider.equals(dot < 0 ? type : type.substring(0, dot))) {
            throw ctx.invalid("provider", "must be the first segment of the type");
        }
        Object properties = record.get("properties");
        if (properties != null && !(properties instanceof Map<?, ?>)) {
            throw ctx.invalid("properties", "must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> props = properties == null ? Map.of() : (Map<String, Object>) properties;
        String source = ctx.text(record.get("source"), "source");
        Instant observedAt = ctx.timeOr(record.get("observed_at"), "observed_at");
        return new SnapshotEntry.Present(Resource.of(id, type, ctx.text(record.get("name"), "name"),
                ctx.regionOr(ctx.text(record.get("region"), "region")),
                ctx.accountOr(ctx.text(record.get("account"), "account")),
                ctx.tagMap(record.get("tags"), "tags"), Collections.unmodifiableMap(props),
                source.isEmpty() ? name() : source, observedAt));
    }
}
