package io.praetor.server.cli;

import io.praetor.domain.evidence.BundleVerification;
import io.praetor.domain.evidence.BundleVerifier;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code praetor bundle verify FILE}: checks an evidence bundle offline. */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Evidence bundles.",
        subcommands = {BundleCommand.Verify.class})
final class BundleCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose 'verify'");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify an evidence bundle with no server; name what does not match. Exit 1 when it does not verify.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The bundle zip (GET /actions/{id}/bundle).")
        Path file;

        @Override
        public Integer call() throws IOException {
            byte[] zip;
            try {
                zip = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new PraetorException(ErrorCode.VALIDATION, "no such file: " + file);
            }
            BundleVerification v = BundleVerifier.verify(zip);
            if (v.ok()) {
                System.out.println("OK " + file + ": blobs, events, ledger proofs and the signed tree head verify");
                return ExitCodes.OK;
            }
            System.out.println("FAILED " + file + ":");
            v.problems().forEach(p -> System.out.println("  " + p));
            return ExitCodes.FAILURE;
        }
    }
}
