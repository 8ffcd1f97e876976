package io.praetor.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The valid inputs the fuzzers start from: the example inventories and the policy pack. */
final class Samples {
    private Samples() {}

    static final Path ROOT = Path.of("..");

    /** One example inventory and the import parameters it needs. */
    record Inventory(String file, String format, Optional<String> type) {
        String text() {
            return read(ROOT.resolve("examples/inventories").resolve(file));
        }
    }

    static final List<Inventory> INVENTORIES = List.of(
            new Inventory("praetor-resources.ndjson", "praetor", Optional.empty()),
            new Inventory("aws-config-snapshot.json", "aws-config", Optional.empty()),
            new Inventory("aws-config-change-notification.json", "aws-config", Optional.empty()),
            new Inventory("aws-config-api-items.json", "aws-config", Optional.empty()),
            new Inventory("azure-resource-graph.json", "azure-resource-graph", Optional.empty()),
            new Inventory("gcp-assets.ndjson", "gcp-asset", Optional.empty()),
            new Inventory("gcp-assets-api.json", "gcp-asset", Optional.empty()),
            new Inventory("custodian-s3-resources.json", "custodian", Optional.of("aws.s3")),
            new Inventory("custodian-ec2-resources.json", "custodian", Optional.of("aws.ec2")),
            new Inventory("kubernetes-workloads.json", "kubernetes", Optional.empty()));

    static List<Inventory> inventories(String format) {
        return INVENTORIES.stream().filter(i -> i.format().equals(format)).toList();
    }

    /** Every policy of the pack, as text. */
    static List<String> policies() {
        try (Stream<Path> files = Files.walk(ROOT.resolve("policies"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                    .map(Samples::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
