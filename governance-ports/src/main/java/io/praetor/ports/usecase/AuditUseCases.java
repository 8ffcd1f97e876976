package io.praetor.ports.usecase;

import io.praetor.ports.Principal;
import java.util.Map;

/**
 * The audit trail of privileged requests: one ledger entry per request, {@code payload_sha256} =
 * SHA-256 of the RFC 8785 JSON of {@code requestBody}, {@code subject} = the id of the thing acted
 * on. Requests on actions are not recorded here: their entries anchor the action's events.
 */
public interface AuditUseCases {
    /** VALIDATION when {@code kind} is not a ledger kind of API.md. */
    void record(Principal actor, String kind, String subject, Map<String, ?> requestBody);
}
