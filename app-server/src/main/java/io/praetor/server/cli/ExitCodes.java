package io.praetor.server.cli;

/** The exit codes of OPERATIONS.md. */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    /** A policy, test or verification failed. */
    public static final int FAILURE = 1;
    /** Bad usage or bad input. */
    public static final int USAGE = 2;
}
