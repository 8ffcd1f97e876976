package io.praetor.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the CLI in-process and captures what it prints (commands print on System.out and System.err). */
final class CliTestSupport {
    record Run(int exitCode, String out, String err) {}

    private CliTestSupport() {}

    static synchronized Run run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try {
            CommandLine cli = PraetorCommand.newCommandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            code = cli.execute(args);
            cli.getOut().flush();
            cli.getErr().flush();
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Run(code, out + sysOut.toString(StandardCharsets.UTF_8), err + sysErr.toString(StandardCharsets.UTF_8));
    }
}
