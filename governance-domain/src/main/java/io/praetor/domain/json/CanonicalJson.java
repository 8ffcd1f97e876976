package io.praetor.domain.json;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation of JSON trees: object members sorted by
 * the UTF-16 code units of their names, no whitespace, strings with only the escapes the RFC
 * allows, numbers as ECMAScript's {@code Number.prototype.toString} writes them, UTF-8 output.
 *
 * <p>Accepted values: {@code Map} with {@code String} keys, {@code List}, {@code String},
 * {@code Boolean}, {@code null}, and numbers ({@code Long}, {@code Integer}, {@code Short},
 * {@code Byte}, {@code Double}, {@code Float}, {@code BigInteger}, {@code BigDecimal}). JCS numbers
 * are IEEE 754 doubles, so an integer beyond ±2<sup>53</sup> is written as the nearest double, as
 * every other JCS implementation would write it. NaN, infinities and strings with unpaired
 * surrogates cannot be canonicalised and are rejected with {@link ErrorCode#VALIDATION}.
 *
 * <p>Written by hand rather than with jackson-core's generator because the RFC's escaping
 * (control characters as six-character escapes with lowercase hex, nothing else escaped) and
 * number rules differ from Jackson's.
 * Stateless and thread-safe.
 */
public final class CanonicalJson {
    private static final long MAX_EXACT_INTEGER = 1L << 53;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private CanonicalJson() {}

    /**
     * Writes one flat object whose member names the caller gives already in RFC 8785 order, without
     * building a map: for hot paths such as ledger entries. Names out of order are rejected.
     */
    public static ObjectWriter object() {
        return new ObjectWriter();
    }

    /** See {@link #object()}. Not thread-safe; use once. */
    public static final class ObjectWriter {
        private final Output out = new Output(256);
        private String last;

        private ObjectWriter() {
            out.write('{');
        }

        private void name(String name) {
            if (last != null) {
                if (last.compareTo(name) >= 0) {
                    throw new IllegalArgumentException("member " + name + " is not after " + last + " in RFC 8785 order");
                }
                out.write(',');
            }
            last = name;
            writeString(name, out);
            out.write(':');
        }

        public ObjectWriter string(String name, String value) {
            name(name);
            writeString(value, out);
            return this;
        }

        public ObjectWriter number(String name, long value) {
            name(name);
            writeInteger(value, out);
            return this;
        }

        public ObjectWriter value(String name, Object value) {
            name(name);
            write(value, out, 1);
            return this;
        }

        public byte[] toBytes() {
            out.write('}');
            return out.toByteArray();
        }
    }

    /** The canonical UTF-8 bytes of {@code tree}. */
    public static byte[] toBytes(Object tree) {
        Output out = new Output(128);
        write(tree, out, 0);
        return out.toByteArray();
    }

    /** The canonical form of {@code tree} as a string. */
    public static String toJson(Object tree) {
        return new String(toBytes(tree), StandardCharsets.UTF_8);
    }

    /** SHA-256 of the canonical bytes, as 64 lowercase hex digits. */
    public static String sha256Hex(Object tree) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(toBytes(tree)));
        } catch (NoSuchAlgorithmException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "SHA-256 unavailable", e);
        }
    }

    /**
     * A number as ECMAScript's {@code Number::toString(x)} (ECMA-262 §6.1.6.1.20) writes it: the
     * shortest digit string that reads back as {@code x} (the closest one when several are as short,
     * the even one on a tie), in plain notation when the decimal exponent is in [-6, 21), else
     * exponential with an explicit sign ({@code 1e+21}, {@code 1e-7}); {@code -0} is {@code 0}.
     */
    public static String numberToString(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            throw new PraetorException(ErrorCode.VALIDATION, "JSON cannot represent " + x);
        }
        if (x == 0) {
            return "0";
        }
        if (x < 0) {
            return "-" + numberToString(-x);
        }
        Decimal d = shortestDecimal(x);
        String s = d.digits;
        int k = s.length();
        int n = d.pointPosition;
        StringBuilder b = new StringBuilder(k + 8);
        if (k <= n && n <= 21) {
            b.append(s);
            b.repeat('0', n - k);
        } else if (0 < n && n <= 21) {
            b.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            b.append("0.");
            b.repeat('0', -n);
            b.append(s);
        } else {
            b.append(s.charAt(0));
            if (k > 1) {
                b.append('.').append(s, 1, k);
            }
            int e = n - 1;
            b.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return b.toString();
    }

    /** x = 0.digits × 10^pointPosition, digits without leading or trailing zeros. */
    private record Decimal(String digits, int pointPosition) {}

    /**
     * Java's {@link Double#toString} (JDK 19+) already picks the shortest, closest decimal — except
     * that when one digit would do it considers two-digit decimals too and may prefer one of those
     * (it writes {@code 4.9E-324} where ECMAScript writes {@code 5e-324}). So a two-digit answer is
     * checked against the one-digit decimals around it.
     */
    private static Decimal shortestDecimal(double x) {
        String j = Double.toString(x);
        int ePos = j.indexOf('E');
        String mantissa = ePos < 0 ? j : j.substring(0, ePos);
        int exponent = ePos < 0 ? 0 : Integer.parseInt(j.substring(ePos + 1));
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = dot + exponent;
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
            point--;
        }
        int end = digits.length();
        while (end > start + 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        Decimal java = new Decimal(digits.substring(start, end), point);
        return java.digits.length() == 2 ? preferOneDigit(x, java) : java;
    }

    private static Decimal preferOneDigit(double x, Decimal twoDigits) {
        int first = twoDigits.digits.charAt(0) - '0';
        Decimal lower = new Decimal(Integer.toString(first), twoDigits.pointPosition);
        Decimal upper = first == 9
                ? new Decimal("1", twoDigits.pointPosition + 1)
                : new Decimal(Integer.toString(first + 1), twoDigits.pointPosition);
        boolean lowerReads = readsBackAs(lower, x);
        boolean upperReads = readsBackAs(upper, x);
        if (lowerReads && upperReads) {
            BigDecimal exact = new BigDecimal(x);
            int cmp = value(lower).subtract(exact).abs().compareTo(value(upper).subtract(exact).abs());
            if (cmp != 0) {
                return cmp < 0 ? lower : upper;
            }
            return (lower.digits.charAt(0) - '0') % 2 == 0 ? lower : upper;
        }
        if (lowerReads) return lower;
        if (upperReads) return upper;
        return twoDigits;
    }

    private static boolean readsBackAs(Decimal d, double x) {
        return Double.parseDouble("0." + d.digits + "E" + d.pointPosition) == x;
    }

    private static BigDecimal value(Decimal d) {
        return new BigDecimal(new BigInteger(d.digits), d.digits.length() - d.pointPosition);
    }

    private static void write(Object value, Output out, int depth) {
        if (depth > 1000) {
            throw new PraetorException(ErrorCode.PAYLOAD_TOO_LARGE, "JSON nested deeper than 1000 levels");
        }
        switch (value) {
            case null -> out.ascii("null");
            case String s -> writeString(s, out);
            case Boolean b -> out.ascii(b ? "true" : "false");
            case Long l -> writeInteger(l, out);
            case Integer i -> writeInteger(i, out);
            case Short s -> writeInteger(s, out);
            case Byte b -> writeInteger(b, out);
            case Double d -> out.ascii(numberToString(d));
            case Float f -> out.ascii(numberToString(f.doubleValue()));
            case BigInteger b -> out.ascii(numberToString(b.doubleValue()));
            case BigDecimal b -> out.ascii(numberToString(b.doubleValue()));
            case Map<?, ?> map -> writeObject(map, out, depth);
            case List<?> list -> {
                out.write('[');
                boolean firstItem = true;
                for (Object item : list) {
                    if (!firstItem) out.write(',');
                    firstItem = false;
                    write(item, out, depth + 1);
                }
                out.write(']');
            }
            default -> throw new PraetorException(ErrorCode.VALIDATION,
                    "not a JSON value: " + value.getClass().getName());
        }
    }

    private static void writeInteger(long l, Output out) {
        if (l >= -MAX_EXACT_INTEGER && l <= MAX_EXACT_INTEGER) {
            out.ascii(Long.toString(l));
        } else {
            out.ascii(numberToString((double) l));
        }
    }

    private static void writeObject(Map<?, ?> map, Output out, int depth) {
        String[] keys = new String[map.size()];
        int i = 0;
        for (Object key : map.keySet()) {
            if (!(key instanceof String s)) {
                throw new PraetorException(ErrorCode.VALIDATION, "JSON object keys must be strings: " + key);
            }
            keys[i++] = s;
        }
        // String.compareTo compares UTF-16 code units, which is exactly RFC 8785 §3.2.3's order.
        Arrays.sort(keys);
        out.write('{');
        for (int k = 0; k < keys.length; k++) {
            if (k > 0) out.write(',');
            writeString(keys[k], out);
            out.write(':');
            write(map.get(keys[k]), out, depth + 1);
        }
        out.write('}');
    }

    private static void writeString(String s, Output out) {
        int len = s.length();
        // At most 6 output bytes per UTF-16 unit (an escape), plus the quotes: check capacity once.
        out.ensure(len * 6 + 2);
        byte[] buf = out.buf;
        int at = out.size;
        buf[at++] = '"';
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    buf[at++] = (byte) c;
                    continue;
                }
                buf[at++] = '\\';
                switch (c) {
                    case '"' -> buf[at++] = '"';
                    case '\\' -> buf[at++] = '\\';
                    case '\b' -> buf[at++] = 'b';
                    case '\t' -> buf[at++] = 't';
                    case '\n' -> buf[at++] = 'n';
                    case '\f' -> buf[at++] = 'f';
                    case '\r' -> buf[at++] = 'r';
                    default -> {
                        buf[at++] = 'u';
                        buf[at++] = '0';
                        buf[at++] = '0';
                        buf[at++] = HEX[c >> 4];
                        buf[at++] = HEX[c & 0xf];
                    }
                }
            } else if (c < 0x800) {
                buf[at++] = (byte) (0xc0 | (c >> 6));
                buf[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    buf[at++] = (byte) (0xf0 | (cp >> 18));
                    buf[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    buf[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    buf[at++] = (byte) (0x80 | (cp & 0x3f));
                } else {
                    throw new PraetorException(ErrorCode.VALIDATION,
                            "string has an unpaired surrogate at index " + i + " and cannot be canonicalised");
                }
            } else {
                buf[at++] = (byte) (0xe0 | (c >> 12));
                buf[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        buf[at++] = '"';
        out.size = at;
    }

    /** A growable byte buffer without ByteArrayOutputStream's synchronisation. */
    private static final class Output {
        private byte[] buf;
        private int size;

        Output(int capacity) {
            buf = new byte[capacity];
        }

        void write(int b) {
            if (size == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
            buf[size++] = (byte) b;
        }

        void ensure(int more) {
            if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }

        void ascii(String s) {
            int n = s.length();
            if (size + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            for (int i = 0; i < n; i++) {
                buf[size++] = (byte) s.charAt(i);
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
