package io.praetor.domain.decide.engine;

/**
 * How compiled policies are evaluated. {@link #CLASSIC} and {@link #PLANNER} are cel-java's two
 * runtimes (the classic interpreter and the newer program planner); {@link #NATIVE} compiles each
 * checked expression to Java nodes ({@link NativeCompiler}, ADR 0027) and keeps the classic
 * interpreter for the expressions it does not cover and for the pairs whose evaluation fails. All
 * three give the same outcomes on the packs (BuiltInPackTest, NativeEquivalenceTest).
 */
public enum CelRuntimeFlavor {
    CLASSIC, PLANNER, NATIVE
}
