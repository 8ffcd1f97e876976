package io.praetor.domain.decide.engine;

import java.time.Instant;

/**
 * What a {@link NativeExpression} reads while it evaluates one (policy, resource) pair: the
 * environment of POLICY-FORMAT.md as plain fields (no variable resolver, no map of names) and the
 * slots of the comprehension variables. Used by one thread; {@link CompiledPolicy} sets it up anew for
 * each pair, and reuses one frame for the pairs of a resource.
 */
abstract class NativeFrame {
    Object resource;
    Instant now;
    Object params;
    /** {@code severity_weight}: set only while {@code risk} is evaluated. */
    Object severityWeight;
    /** Comprehension variables; every comprehension of a policy has slots of its own (see {@link NativeCompiler}). */
    Object[] slots = NO_SLOTS;

    /** Sets the frame up for a pair: {@code slotCount} empty slots, no severity weight. */
    final void open(Object resource, Instant now, Object params, int slotCount) {
        this.resource = resource;
        this.now = now;
        this.params = params;
        this.severityWeight = null;
        if (slots.length >= slotCount) {
            java.util.Arrays.fill(slots, 0, slotCount, null);
        } else {
            slots = new Object[slotCount];
        }
    }

    private static final Object[] NO_SLOTS = new Object[0];

    /** {@code variables.<name>} by its index in the policy, evaluated once per pair. */
    abstract Object variable(int index);
}
