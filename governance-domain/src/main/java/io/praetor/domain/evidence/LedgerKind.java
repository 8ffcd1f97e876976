package io.praetor.domain.evidence;

import java.util.Optional;

/** The {@code kind} values of ledger entries fixed by API.md. */
public enum LedgerKind {
    POLICY_PUT("policy.put"),
    POLICY_DELETE("policy.delete"),
    EXEMPTION_CREATE("exemption.create"),
    EXEMPTION_DELETE("exemption.delete"),
    INVENTORY_IMPORT("inventory.import"),
    INVENTORY_SOURCE_CREATE("inventory.source.create"),
    RESOURCE_PUT("resource.put"),
    RESOURCE_DELETE("resource.delete"),
    SCAN_RUN("scan.run"),
    ACTION_CREATE("action.create"),
    ACTION_APPROVE("action.approve"),
    ACTION_RUN("action.run"),
    ACTION_CANCEL("action.cancel"),
    ACTION_ROLLBACK("action.rollback"),
    ACTION_REDRIVE("action.redrive"),
    ACTION_STATE("action.state"),
    ELEVATION_REQUEST("elevation.request"),
    ELEVATION_APPROVE("elevation.approve"),
    ELEVATION_REJECT("elevation.reject"),
    ELEVATION_REVOKE("elevation.revoke"),
    EVIDENCE_PUT("evidence.put");

    private final String wireName;

    LedgerKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<LedgerKind> fromWire(String s) {
        for (LedgerKind k : values()) {
            if (k.wireName.equals(s)) return Optional.of(k);
        }
        return Optional.empty();
    }

    /** Kinds whose entry anchors an {@link io.praetor.ports.action.ActionEvent} (payload = the event's hash). */
    public boolean isAboutAnActionEvent() {
        return switch (this) {
            case ACTION_CREATE, ACTION_APPROVE, ACTION_RUN, ACTION_CANCEL, ACTION_ROLLBACK, ACTION_REDRIVE,
                 ACTION_STATE -> true;
            case POLICY_PUT, POLICY_DELETE, EXEMPTION_CREATE, EXEMPTION_DELETE, INVENTORY_IMPORT,
                 INVENTORY_SOURCE_CREATE, RESOURCE_PUT, RESOURCE_DELETE, SCAN_RUN, ELEVATION_REQUEST,
                 ELEVATION_APPROVE, ELEVATION_REJECT, ELEVATION_REVOKE, EVIDENCE_PUT -> false;
        };
    }
}
