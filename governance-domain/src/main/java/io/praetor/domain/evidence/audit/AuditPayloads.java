package io.praetor.domain.evidence.audit;

import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.ExemptionRequest;
import io.praetor.ports.usecase.SnapshotImport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The request of each privileged use case as the JSON object whose RFC 8785 form its ledger entry
 * hashes ({@code payload_sha256}; ADR 0009): the HTTP body's fields in API.md's snake_case, and for
 * a request without a body (a DELETE, a command on an id) the ids it names. An import is a stream,
 * so its object is the envelope plus {@code body_sha256}, the SHA-256 of the body's bytes.
 */
final class AuditPayloads {
    private AuditPayloads() {}

    static Map<String, Object> snapshotImport(SnapshotImport r, String bodySha256) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", r.format());
        put(m, "type", r.type());
        put(m, "provider", r.provider());
        put(m, "account", r.account());
        put(m, "region", r.region());
        m.put("full", r.full());
        m.put("body_sha256", bodySha256);
        return m;
    }

    /** A PUT /resources body: the Resource as given (what the store adds — version, hash — is not part of the request). */
    static Map<String, Object> resource(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("key", r.key());
        m.put("provider", r.provider());
        m.put("type", r.type());
        m.put("name", r.name());
        m.put("region", r.region());
        m.put("account", r.account());
        m.put("tags", r.tags());
        m.put("properties", r.properties());
        m.put("source", r.source());
        m.put("observed_at", r.observedAt().toString());
        return m;
    }

    static Map<String, Object> policy(String id, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy_id", id);
        m.put("source", source);
        return m;
    }

    static Map<String, Object> exemption(ExemptionRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy_id", r.policyId());
        put(m, "resource_id", r.resourceId());
        put(m, "selector", r.selector());
        m.put("reason", r.reason());
        m.put("expires_at", r.expiresAt().toString());
        return m;
    }

    static Map<String, Object> elevation(String reason, Duration duration, Optional<String> actionId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", reason);
        // API.md's body says minutes; a duration that is not whole minutes is kept exact in seconds.
        if (duration.toSecondsPart() == 0 && duration.toNanosPart() == 0) m.put("duration_minutes", duration.toMinutes());
        else m.put("duration_seconds", duration.toSeconds());
        put(m, "action_id", actionId);
        return m;
    }

    /** A request with no body, on the thing {@code name} identifies. */
    static Map<String, Object> named(String name, String id) {
        return Map.of(name, id);
    }

    /** {@code POST /scans} has no body and names nothing. */
    static Map<String, Object> empty() {
        return Map.of();
    }

    private static void put(Map<String, Object> m, String key, Optional<String> value) {
        value.ifPresent(v -> m.put(key, v));
    }
}
