package io.praetor.server.cli;

import io.praetor.domain.evidence.LedgerVerification;
import io.praetor.domain.evidence.LedgerVerifier;
import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code praetor ledger verify --file LEDGER.ndjson --public-key KEY.jwk}: offline verification. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "The evidence ledger.",
        subcommands = {LedgerCommand.Verify.class})
final class LedgerCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose 'verify'");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute a ledger export's Merkle log and check its signed heads. Exit 1 when it does not verify.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--file", required = true, description = "NDJSON export (GET /ledger/export).")
        Path file;

        @Option(names = "--public-key", required = true, description = "The ledger's public JWK (GET /ledger/public-key).")
        Path publicKey;

        @Override
        public Integer call() throws IOException {
            if (!Files.exists(file)) throw new PraetorException(ErrorCode.VALIDATION, "--file: no such file: " + file);
            if (!Files.exists(publicKey)) throw new PraetorException(ErrorCode.VALIDATION, "--public-key: no such file: " + publicKey);
            Map<String, Object> jwk = JsonTreeReader.readObject(Files.readAllBytes(publicKey));
            LedgerVerification v = LedgerVerifier.verify(file, jwk);
            if (v.ok()) {
                System.out.println("OK " + v.size() + " entries, root " + v.rootHash());
                return ExitCodes.OK;
            }
            System.out.println("FAILED" + v.firstBadSeq().map(s -> " at seq " + s).orElse("") + ":");
            v.problems().forEach(p -> System.out.println("  " + p));
            return ExitCodes.FAILURE;
        }
    }
}
