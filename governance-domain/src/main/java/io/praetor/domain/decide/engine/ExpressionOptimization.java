package io.praetor.domain.decide.engine;

/**
 * What the compiler does to a checked expression before it becomes a program.
 * {@link #FOLD_CONSTANTS} inlines the policy's scalar and list {@code params} and folds the constant
 * subexpressions with cel-java's optimizer ({@code params.ports[params.v]} becomes {@code 22},
 * {@code 7 * (params.v + 1)} becomes {@code 7}), so the interpreter no longer resolves, selects and
 * dispatches them on every pair. It never changes a result: an expression the optimizer cannot
 * handle is kept as written (see {@link PolicyCompiler}), and the pack runs under both settings.
 */
public enum ExpressionOptimization {
    NONE, FOLD_CONSTANTS
}
