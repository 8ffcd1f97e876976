package io.praetor.domain.detect;

import java.util.List;

/**
 * Every record of one import, normalised, one entry per resource id (when a file names an id twice
 * the record with the later {@code observed_at} wins, and of equal times the later in the file).
 *
 * @param received how many records the file held
 */
public record ParsedSnapshot(List<SnapshotEntry> entries, long received) {
    public ParsedSnapshot {
        entries = List.copyOf(entries);
    }
}
