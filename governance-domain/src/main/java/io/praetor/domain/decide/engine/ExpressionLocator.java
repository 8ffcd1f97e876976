package io.praetor.domain.decide.engine;

/**
 * Maps a position inside one CEL expression back to the policy's source text, so a compile problem
 * can name the YAML line and column where it is. The loader knows how each scalar was written
 * (plain, quoted or block) and builds the locator; the compiler only calls it.
 */
@FunctionalInterface
public interface ExpressionLocator {
    /**
     * @param line 1-based line inside the expression text
     * @param column 0-based column inside that line
     */
    SourcePosition locate(int line, int column);

    /** For expressions whose source is unknown (e.g. built in code). */
    ExpressionLocator NONE = (line, column) -> SourcePosition.UNKNOWN;

    /** An expression that starts at {@code start} and is one line in the source. */
    static ExpressionLocator startingAt(SourcePosition start) {
        return (line, column) -> line <= 1
                ? new SourcePosition(start.line(), start.column() + column)
                : new SourcePosition(start.line() + line - 1, column + 1);
    }

    /** This locator shifted by {@code offset} characters on the expression's first line (for {@code ${…}}). */
    default ExpressionLocator shifted(int offsetLine, int offsetColumn) {
        ExpressionLocator outer = this;
        return (line, column) -> line <= 1
                ? outer.locate(offsetLine, offsetColumn + column)
                : outer.locate(offsetLine + line - 1, column);
    }
}
