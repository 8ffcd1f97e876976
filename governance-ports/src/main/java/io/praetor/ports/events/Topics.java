package io.praetor.ports.events;

/** The topic names Praetor uses (adapters prefix them with the configured bus prefix). */
public final class Topics {
    private Topics() {}

    /** Work: actions to advance; key = action id. */
    public static final String ACTIONS_EXECUTE = "actions.execute";
    /** Fan-out: every tenant event after commit; key = tenant. */
    public static final String TENANT_EVENTS = "events";
    /** Fan-out: resource changes for incremental evaluation; key = resource id. */
    public static final String RESOURCE_CHANGED = "resource.changed";

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
