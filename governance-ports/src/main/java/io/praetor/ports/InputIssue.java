package io.praetor.ports;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem with some input, located as precisely as the input allows: a JSON pointer, a field,
 * a line and column, or a record index. Empty strings and zero mean "not known".
 */
public record InputIssue(String pointer, String field, int line, int column, long record, String message) {
    public InputIssue {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    public static InputIssue at(int line, int column, String field, String message) {
        return new InputIssue("", field, line, column, 0, message);
    }

    public static InputIssue field(String field, String message) {
        return new InputIssue("", field, 0, 0, 0, message);
    }

    public static InputIssue pointer(String pointer, String message) {
        return new InputIssue(pointer, "", 0, 0, 0, message);
    }

    public Optional<Integer> lineNumber() {
        return line > 0 ? Optional.of(line) : Optional.empty();
    }

    /** {@code line:column: field: message}, for command-line output. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (line > 0) {
            sb.append(line).append(':').append(column).append(": ");
        }
        if (record > 0) {
            sb.append("record ").append(record).append(": ");
        }
        if (!pointer.isEmpty()) {
            sb.append(pointer).append(": ");
        } else if (!field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
