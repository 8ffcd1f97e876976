package io.praetor.adapters.s3;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the S3 evidence store writes blobs.
 *
 * @param partSize blobs larger than this go up as a multipart upload in parts of this size (S3's
 *     minimum part is 5 MiB); an interrupted upload is resumed by the next put of the same bytes
 * @param retention when present and the bucket has Object Lock enabled, each blob is written with
 *     this retention (mode {@code lockMode}) from its storing time; ignored on buckets without Object Lock
 */
public record EvidenceOptions(long partSize, Optional<Duration> retention, LockMode lockMode) {
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final EvidenceOptions DEFAULTS = new EvidenceOptions(16L * 1024 * 1024, Optional.empty(),
            LockMode.COMPLIANCE);

    public enum LockMode { COMPLIANCE, GOVERNANCE }

    public EvidenceOptions {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(lockMode, "lockMode");
        if (partSize < MIN_PART_SIZE) throw new IllegalArgumentException("partSize must be at least 5 MiB");
        retention.ifPresent(r -> {
            if (r.isNegative() || r.isZero()) throw new IllegalArgumentException("retention must be positive");
        });
    }

    public EvidenceOptions withRetention(Duration r, LockMode mode) {
        return new EvidenceOptions(partSize, Optional.of(r), mode);
    }
}
