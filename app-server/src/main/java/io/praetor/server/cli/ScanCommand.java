package io.praetor.server.cli;

import io.praetor.domain.decide.OfflineScanner;
import io.praetor.domain.decide.PolicyFiles;
import io.praetor.domain.detect.InventoryLimits;
import io.praetor.domain.detect.InventoryReader;
import io.praetor.domain.detect.ParsedSnapshot;
import io.praetor.domain.detect.SnapshotEntry;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Severity;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code praetor scan}: evaluates policies over an inventory file offline, with no server. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Evaluate policies over an inventory file offline and print findings and a summary.")
final class ScanCommand implements Callable<Integer> {
    @Option(names = "--inventory", required = true, paramLabel = "FILE", description = "The inventory file.")
    Path inventory;

    @Option(names = "--format", required = true,
            description = "praetor, aws-config, azure-resource-graph, gcp-asset, custodian or kubernetes.")
    String format;

    @Option(names = "--type", description = "Resource type the source lacks (required for custodian).")
    String type;

    @Option(names = "--provider", description = "Provider the source lacks.")
    String provider;

    @Option(names = "--account", description = "Account the source lacks.")
    String account;

    @Option(names = "--region", description = "Region the source lacks.")
    String region;

    @Option(names = "--policies", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Policy files or directories.")
    List<Path> policies;

    @Option(names = "--json", description = "Print {summary, findings, errors} as JSON.")
    boolean json;

    @Option(names = "--now", description = "Evaluation time (RFC 3339), default: now.")
    String now;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 1 when a finding of this severity or worse exists (critical, high, medium, low, info).")
    String failOn;

    @Override
    public Integer call() throws IOException {
        Optional<Severity> threshold = Optional.ofNullable(failOn).map(s -> Severity.fromWire(s.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new PraetorException(ErrorCode.VALIDATION,
                        "--fail-on: '" + s + "' is not one of critical, high, medium, low, info")));
        Instant at = parseNow();
        PolicyFiles.Validation validation = PolicyCommand.files().validate(policies);
        if (!validation.ok()) {
            validation.errors().forEach(e -> System.err.println(e.describe()));
            throw new PraetorException(ErrorCode.VALIDATION, validation.errors().size() + " policy errors; nothing scanned");
        }
        SnapshotImport request = new SnapshotImport(format, Optional.ofNullable(type), Optional.ofNullable(provider),
                Optional.ofNullable(account), Optional.ofNullable(region), false);
        if (!Files.isRegularFile(inventory)) {
            throw new PraetorException(ErrorCode.VALIDATION, "--inventory: no such file: " + inventory);
        }
        // Offline there is no HTTP body limit: the file's own size is the limit.
        long size = Files.size(inventory);
        InventoryLimits limits = new InventoryLimits(Math.max(InventoryLimits.DEFAULT.maxImportBytes(), size + 1),
                InventoryLimits.DEFAULT.maxResourceBytes(), InventoryLimits.DEFAULT.maxDepth());
        ParsedSnapshot snapshot;
        try (InputStream in = Files.newInputStream(inventory)) {
            snapshot = new InventoryReader(InstantSource.fixed(at), limits).read(request, in);
        }
        Iterator<Resource> resources = snapshot.entries().stream()
                .filter(SnapshotEntry.Present.class::isInstance)
                .map(e -> ((SnapshotEntry.Present) e).resource())
                .iterator();
        OfflineScanner.Report report = new OfflineScanner(validation.engine()).scan(resources, at);
        PrintStream out = System.out;
        if (json) {
            OfflineScanner.writeJson(report, out);
            out.println();
        } else {
            for (OfflineScanner.FindingLine f : report.findings()) {
                out.printf("%-8s %-45s %s%n         %s%n", f.severity().wireName().toUpperCase(Locale.ROOT), f.policyId(),
                        f.resourceId(), f.message());
            }
            for (var e : report.errors()) {
                out.printf("ERROR    %-45s %s%n         %s%n", e.policyId(), e.resourceId(), e.message());
            }
            var s = report.summary();
            out.printf("%d resources, %d policies, %d evaluations: %d findings, %d errors%n",
                    s.resources(), s.policies(), s.evaluations(), s.findingsOpened(), s.errors());
        }
        out.flush();
        return threshold.isPresent() && report.hasFindingAtLeast(threshold.get()) ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private Instant parseNow() {
        if (now == null) return InstantSource.system().instant();
        try {
            return Instant.parse(now);
        } catch (DateTimeParseException e) {
            throw new PraetorException(ErrorCode.VALIDATION, "--now: '" + now + "' is not an RFC 3339 time like 2026-01-01T00:00:00Z");
        }
    }
}
