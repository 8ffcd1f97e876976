package io.praetor.domain.detect;

/**
 * Bounds on one import, so that a hostile or broken file fails fast with PAYLOAD_TOO_LARGE
 * instead of exhausting memory.
 *
 * @param maxImportBytes bytes of one import body (64 MB by default)
 * @param maxResourceBytes bytes of one record's source text (1 MB by default)
 * @param maxDepth JSON nesting depth from the document root, JSON-in-strings included (64)
 */
public record InventoryLimits(long maxImportBytes, int maxResourceBytes, int maxDepth) {
    public static final InventoryLimits DEFAULT = new InventoryLimits(64L << 20, 1 << 20, 64);

    public InventoryLimits {
        if (maxImportBytes < 1 || maxResourceBytes < 1 || maxDepth < 2) {
            throw new IllegalArgumentException("inventory limits must be positive (depth at least 2)");
        }
    }
}
