package io.praetor.ports.usecase;

import java.util.Objects;
import java.util.Optional;

/**
 * The envelope of one inventory import: the format ({@code praetor}, {@code aws-config},
 * {@code azure-resource-graph}, {@code gcp-asset}, {@code custodian}, {@code kubernetes}), values
 * the source lacks, and whether it is a full snapshot of its scope.
 */
public record SnapshotImport(String format, Optional<String> type, Optional<String> provider,
                             Optional<String> account, Optional<String> region, boolean full) {
    public SnapshotImport {
        Objects.requireNonNull(format);
        Objects.requireNonNull(type);
        Objects.requireNonNull(provider);
        Objects.requireNonNull(account);
        Objects.requireNonNull(region);
    }

    public static SnapshotImport of(String format) {
        return new SnapshotImport(format, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
    }
}
