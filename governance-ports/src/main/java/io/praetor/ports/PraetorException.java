package io.praetor.ports;

import java.util.List;
import java.util.Objects;

/**
 * The one unchecked exception of Praetor. The {@link ErrorCode} says what kind of failure it is;
 * {@link #issues()} locates the problems in the input when there are several.
 */
public class PraetorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient List<InputIssue> issues;

    public PraetorException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    public PraetorException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public PraetorException(ErrorCode code, String message, List<InputIssue> issues) {
        this(code, message, issues, null);
    }

    public PraetorException(ErrorCode code, String message, List<InputIssue> issues, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.issues = List.copyOf(issues);
    }

    public ErrorCode code() {
        return code;
    }

    public List<InputIssue> issues() {
        return issues;
    }

    public static PraetorException notFound(String what) {
        return new PraetorException(ErrorCode.NOT_FOUND, what + " not found");
    }
}
