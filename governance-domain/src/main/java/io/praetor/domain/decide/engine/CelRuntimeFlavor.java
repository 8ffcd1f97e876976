package io.praetor.domain.decide.engine;

/**
 * The two CEL runtimes of cel-java: the classic (legacy) interpreter and the newer program planner.
 * Both give the same results on the policy workload; the bench measures which is faster.
 */
public enum CelRuntimeFlavor {
    CLASSIC, PLANNER
}
