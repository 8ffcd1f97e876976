package io.praetor.server.cli;

import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code praetor} command; its subcommands are the verbs of OPERATIONS.md. */
@Command(
        name = "praetor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Cloud governance: detect, decide, act, evidence.",
        subcommands = {CommandLine.HelpCommand.class, ServeCommand.class, ScanCommand.class, PolicyCommand.class,
            TokenCommand.class, LedgerCommand.class, BundleCommand.class, DlqCommand.class})
public final class PraetorCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see 'praetor --help')");
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new PraetorCommand());
        cli.setExecutionExceptionHandler(PraetorCommand::handleExecutionException);
        return cli;
    }

    /** A PraetorException is the user's input or environment: one clear message, exit 2; nothing else leaks a trace. */
    private static int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof PraetorException pe) {
            err.println("praetor: " + pe.getMessage());
            for (InputIssue issue : pe.issues()) {
                err.println("  " + issue.describe());
            }
            err.flush();
            return ExitCodes.USAGE;
        }
        err.println("praetor: internal error: " + ex);
        err.flush();
        return ExitCodes.FAILURE;
    }
}
