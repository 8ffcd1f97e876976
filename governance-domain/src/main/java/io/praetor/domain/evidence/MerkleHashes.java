package io.praetor.domain.evidence;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hashes of RFC 9162 §2.1: SHA-256 leaf hashes over {@code 0x00 ‖ data}, interior node hashes
 * over {@code 0x01 ‖ left ‖ right}, and the root of the empty tree, SHA-256 of nothing. Hashes are
 * 32-byte arrays here and 64 lowercase hex digits on the wire. Thread-safe.
 */
public final class MerkleHashes {
    public static final int HASH_SIZE = 32;
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MerkleHashes::newDigest);

    private MerkleHashes() {}

    public static byte[] leafHash(byte[] leafData) {
        MessageDigest d = SHA256.get();
        d.update((byte) 0x00);
        return d.digest(leafData);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = SHA256.get();
        d.update((byte) 0x01);
        d.update(left);
        return d.digest(right);
    }

    /** MTH({}) = SHA-256(). */
    public static byte[] emptyRoot() {
        return sha256(new byte[0]);
    }

    public static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data);
    }

    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(sha256(data));
    }

    public static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    /** Parses 64 lowercase hex digits; anything else is {@link ErrorCode#VALIDATION}. */
    public static byte[] fromHex(String hex) {
        if (!isHash(hex)) {
            throw new PraetorException(ErrorCode.VALIDATION, "not a SHA-256 hash (64 lowercase hex digits): " + hex);
        }
        return HEX.parseHex(hex);
    }

    public static boolean isHash(String s) {
        if (s == null || s.length() != 64) return false;
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "SHA-256 unavailable", e);
        }
    }
}
