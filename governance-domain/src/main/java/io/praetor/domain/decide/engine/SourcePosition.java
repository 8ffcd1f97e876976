package io.praetor.domain.decide.engine;

/** A 1-based line and column in a policy's source text; 0 means "not known". */
public record SourcePosition(int line, int column) {
    public static final SourcePosition UNKNOWN = new SourcePosition(0, 0);
}
