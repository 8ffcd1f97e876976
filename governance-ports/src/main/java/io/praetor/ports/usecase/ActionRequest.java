package io.praetor.ports.usecase;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@code POST /actions}: by finding, or by resource + handler + params. */
public record ActionRequest(Optional<String> findingId, Optional<String> resourceId, Optional<String> handler,
                            Map<String, Object> params, boolean dryRun, String reason) {
    public ActionRequest {
        Objects.requireNonNull(findingId);
        Objects.requireNonNull(resourceId);
        Objects.requireNonNull(handler);
        Objects.requireNonNull(params);
        Objects.requireNonNull(reason);
    }

    public static ActionRequest forFinding(String findingId, boolean dryRun, String reason) {
        return new ActionRequest(Optional.of(findingId), Optional.empty(), Optional.empty(), Map.of(), dryRun, reason);
    }
}
