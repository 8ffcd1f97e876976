package io.praetor.ports.usecase;

/** The counts of one import. */
public record ImportResult(String snapshotId, long received, long created, long updated, long deleted,
                           long unchanged) {}
