package io.praetor.server.cli;

import io.praetor.domain.decide.PolicyFiles;
import io.praetor.domain.decide.PolicyLoader;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.ports.usecase.PolicyTestReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code praetor policy validate|test PATH…}. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Validate policies or run their inline tests.",
        subcommands = {PolicyCommand.Validate.class, PolicyCommand.Test.class})
final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose 'validate' or 'test'");
    }

    static PolicyFiles files() {
        return new PolicyFiles(new PolicyLoader(), new PolicyCompiler(), InstantSource.system());
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Compile policies; print errors as file:line:column. Exit 1 when any does not compile.")
    static final class Validate implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Policy files or directories (.yaml, .yml).")
        List<Path> paths;

        @Override
        public Integer call() {
            PolicyFiles.Validation v = files().validate(paths);
            PrintStream out = System.out;
            v.errors().forEach(e -> System.err.println(e.describe()));
            v.warnings().forEach(w -> System.err.println("warning: " + w));
            out.println(v.policies().size() + " policies compiled, " + v.errors().size() + " errors, "
                    + v.warnings().size() + " warnings");
            return v.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run the policies' inline tests. Exit 1 on a failure or a policy that does not compile.")
    static final class Test implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Policy files or directories (.yaml, .yml).")
        List<Path> paths;

        @Override
        public Integer call() {
            PolicyFiles.TestRun run = files().test(paths);
            run.validation().errors().forEach(e -> System.err.println(e.describe()));
            for (Map.Entry<String, PolicyTestReport> report : run.reports().entrySet()) {
                for (PolicyTestReport.TestOutcome t : report.getValue().tests()) {
                    if (!t.pass()) {
                        System.out.println("FAIL " + report.getKey() + ": " + t.name() + " (expected " + t.expect()
                                + ", got " + t.actual() + t.error().map(e -> ": " + e).orElse("") + ")");
                    }
                }
            }
            long tests = run.testCount();
            long failed = run.failedCount();
            System.out.println(run.reports().size() + " policies: " + (tests - failed) + " passed, " + failed + " failed");
            return run.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
