package io.praetor.examples;

import io.praetor.Praetor;
import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.domain.decide.LoadedPolicy;
import io.praetor.domain.decide.PolicyLoader;
import io.praetor.domain.decide.PolicyParse;
import io.praetor.ports.PageRequest;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Embeds Praetor in a program: loads a directory of policies, imports an inventory export and
 * prints the open findings, highest risk first.
 *
 * <p>Run: {@code EmbeddedScan <policies-dir> <inventory-file> <format>}.
 */
public final class EmbeddedScan {
    private EmbeddedScan() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: EmbeddedScan <policies-dir> <inventory-file> <format>");
            System.exit(2);
        }
        List<Finding> findings = run(Path.of(args[0]), Path.of(args[1]), args[2]);
        print(findings, System.out);
    }

    /** Imports {@code inventory} into a fresh in-memory Praetor with the policies under {@code policies}. */
    public static List<Finding> run(Path policies, Path inventory, String format) throws IOException {
        Principal admin = new Principal("example", TenantId.of("example"), Set.of(Role.ADMIN));
        try (InMemoryAdapters adapters = InMemoryAdapters.create(InstantSource.system());
             Praetor praetor = Praetor.builder().ports(adapters).build()) {
            PolicyLoader loader = new PolicyLoader();
            for (Path file : policyFiles(policies)) {
                // A file may hold several documents; each is stored as its own policy text.
                PolicyParse parse = loader.load(Files.readString(file, StandardCharsets.UTF_8));
                if (parse.hasErrors()) {
                    throw new IllegalArgumentException(file + ": " + parse.issues().getFirst().describe());
                }
                for (LoadedPolicy loaded : parse.policies()) {
                    praetor.policies().putPolicy(admin, loaded.policy().id(), loaded.policy().sourceYaml());
                }
            }
            try (InputStream in = Files.newInputStream(inventory)) {
                praetor.inventory().importSnapshot(admin, SnapshotImport.of(format), in);
            }
            List<Finding> out = new ArrayList<>();
            FindingQuery open = FindingQuery.all().withStatus(FindingStatus.OPEN);
            var page = praetor.findings().findings(admin, open, PageRequest.first(PageRequest.MAX_LIMIT));
            out.addAll(page.items());
            while (page.nextCursor().isPresent()) {
                page = praetor.findings().findings(admin, open, new PageRequest(PageRequest.MAX_LIMIT, page.nextCursor()));
                out.addAll(page.items());
            }
            out.sort((a, b) -> Double.compare(b.riskScore(), a.riskScore()));
            return out;
        }
    }

    static void print(List<Finding> findings, PrintStream out) {
        for (Finding f : findings) {
            out.printf("%5.1f %-8s %-45s %s%n", f.riskScore(), f.severity().wireName(), f.policyId(), f.message());
        }
        out.println(findings.size() + " open findings");
    }

    private static List<Path> policyFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }
}
