package io.praetor.domain.decide.engine;

import java.time.Instant;

/**
 * What a {@link NativeExpression} reads while it evaluates one (policy, resource) pair: the
 * environment of POLICY-FORMAT.md as plain fields (no variable resolver, no map of names) and the
 * slots of the comprehension variables. One frame per pair, used by one thread.
 */
abstract class NativeFrame {
    final Object resource;
    final Instant now;
    final Object params;
    /** {@code severity_weight}: set only while {@code risk} is evaluated. */
    Object severityWeight;
    /** Comprehension variables; every comprehension of a policy has slots of its own (see {@link NativeCompiler}). */
    final Object[] slots;

    NativeFrame(Object resource, Instant now, Object params, int slotCount) {
        this.resource = resource;
        this.now = now;
        this.params = params;
        this.slots = slotCount == 0 ? NO_SLOTS : new Object[slotCount];
    }

    private static final Object[] NO_SLOTS = new Object[0];

    /** {@code variables.<name>} by its index in the policy, evaluated once per pair. */
    abstract Object variable(int index);
}
