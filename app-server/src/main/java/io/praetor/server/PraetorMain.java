package io.praetor.server;

import io.praetor.server.cli.PraetorCommand;

/** Entry point of {@code praetor}: runs the command line and exits with its code. */
public final class PraetorMain {
    private PraetorMain() {}

    public static void main(String[] args) {
        System.exit(PraetorCommand.execute(args));
    }
}
