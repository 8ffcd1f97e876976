package io.praetor.domain.decide.engine;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The pure Java behind the extra CEL functions of POLICY-FORMAT.md. Network helpers read IP
 * literals themselves (never through DNS); text that is not a CIDR or an IP is "not contained" and
 * "not public" rather than an error, because cloud rule fields often hold group ids or tags there.
 */
final class ExtraFunctions {
    private ExtraFunctions() {}

    /** Whole days from {@code t} to {@code now}, truncated toward zero (negative in the future). */
    static long ageDays(Instant t, Instant now) {
        return Duration.between(t, now).toDays();
    }

    /** An address range: the first address and the prefix length, in a 32- or 128-bit space. */
    record Range(BigInteger base, int prefix, int bits) {
        BigInteger first() {
            return base.shiftRight(bits - prefix).shiftLeft(bits - prefix);
        }

        BigInteger last() {
            return first().add(BigInteger.ONE.shiftLeft(bits - prefix)).subtract(BigInteger.ONE);
        }

        boolean within(Range outer) {
            return bits == outer.bits && prefix >= outer.prefix
                    && first().compareTo(outer.first()) >= 0 && last().compareTo(outer.last()) <= 0;
        }
    }

    static boolean cidrContains(String cidr, String ip) {
        long outer = parseIpv4Cidr(cidr);
        long inner = parseIpv4Cidr(ip);
        if (outer >= 0 && inner >= 0) return within4(inner, outer);
        Optional<Range> range = parseCidr(cidr);
        Optional<Range> address = parseCidr(ip);
        return range.isPresent() && address.isPresent() && address.get().within(range.get());
    }

    private static final List<Range> NON_PUBLIC = List.of(
            parseCidr("0.0.0.0/8").orElseThrow(),
            parseCidr("10.0.0.0/8").orElseThrow(),
            parseCidr("100.64.0.0/10").orElseThrow(),
            parseCidr("127.0.0.0/8").orElseThrow(),
            parseCidr("169.254.0.0/16").orElseThrow(),
            parseCidr("172.16.0.0/12").orElseThrow(),
            parseCidr("192.0.0.0/24").orElseThrow(),
            parseCidr("192.0.2.0/24").orElseThrow(),
            parseCidr("192.168.0.0/16").orElseThrow(),
            parseCidr("198.18.0.0/15").orElseThrow(),
            parseCidr("198.51.100.0/24").orElseThrow(),
            parseCidr("203.0.113.0/24").orElseThrow(),
            parseCidr("224.0.0.0/4").orElseThrow(),
            parseCidr("240.0.0.0/4").orElseThrow(),
            parseCidr("::/128").orElseThrow(),
            parseCidr("::1/128").orElseThrow(),
            parseCidr("fc00::/7").orElseThrow(),
            parseCidr("fe80::/10").orElseThrow(),
            parseCidr("ff00::/8").orElseThrow(),
            parseCidr("2001:db8::/32").orElseThrow());

    /** True when the range reaches at least one address outside the private and reserved blocks. */
    static boolean isPublicCidr(String cidr) {
        long v4 = parseIpv4Cidr(cidr);
        if (v4 >= 0) {
            for (long block : NON_PUBLIC_V4) {
                if (within4(v4, block)) return false;
            }
            return true;
        }
        Optional<Range> range = parseCidr(cidr);
        if (range.isEmpty()) return false;
        for (Range r : NON_PUBLIC) {
            if (range.get().within(r)) return false;
        }
        return true;
    }

    private static final long[] NON_PUBLIC_V4 = java.util.stream.Stream.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
            "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4")
            .mapToLong(ExtraFunctions::parseIpv4Cidr).toArray();

    /**
     * The hot path for IPv4, without allocation: {@code address << 8 | prefix} of {@code a.b.c.d[/n]},
     * or -1 when the text is not one.
     */
    static long parseIpv4Cidr(String s) {
        int n = s.length();
        long address = 0;
        int octets = 0;
        int i = 0;
        while (octets < 4) {
            int start = i;
            int value = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || value > 255) return -1;
            address = (address << 8) | value;
            octets++;
            if (octets < 4) {
                if (i >= n || s.charAt(i) != '.') return -1;
                i++;
            }
        }
        int prefix = 32;
        if (i < n) {
            if (s.charAt(i) != '/' || i + 1 >= n || n - i - 1 > 2) return -1;
            prefix = 0;
            for (int j = i + 1; j < n; j++) {
                char c = s.charAt(j);
                if (c < '0' || c > '9') return -1;
                prefix = prefix * 10 + (c - '0');
            }
            if (prefix > 32) return -1;
        }
        return (address << 8) | prefix;
    }

    /** Whether the IPv4 range {@code inner} lies inside {@code outer} (both from {@link #parseIpv4Cidr}). */
    private static boolean within4(long inner, long outer) {
        int innerPrefix = (int) (inner & 0xff);
        int outerPrefix = (int) (outer & 0xff);
        if (innerPrefix < outerPrefix) return false;
        long mask = outerPrefix == 0 ? 0 : (0xffffffffL << (32 - outerPrefix)) & 0xffffffffL;
        return ((inner >>> 8) & mask) == ((outer >>> 8) & mask);
    }

    /** {@code a.b.c.d/n}, an IPv6 literal with {@code /n}, or a bare address (a single-address range). */
    static Optional<Range> parseCidr(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        Optional<BigInteger> value;
        int bits;
        if (address.indexOf(':') >= 0) {
            value = parseIpv6(address);
            bits = 128;
        } else {
            value = parseIpv4(address);
            bits = 32;
        }
        if (value.isEmpty()) return Optional.empty();
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return Optional.empty();
            prefix = Integer.parseInt(p);
            if (prefix > bits) return Optional.empty();
        }
        return Optional.of(new Range(value.get(), prefix, bits));
    }

    private static Optional<BigInteger> parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return Optional.empty();
        long v = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) return Optional.empty();
            int octet = Integer.parseInt(part);
            if (octet > 255) return Optional.empty();
            v = (v << 8) | octet;
        }
        return Optional.of(BigInteger.valueOf(v));
    }

    private static Optional<BigInteger> parseIpv6(String s) {
        // Only hex digits, colons and dots: with a colon present the JDK parses a literal and never
        // resolves a name.
        if (s.isEmpty() || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return Optional.empty();
        }
        try {
            byte[] bytes = java.net.InetAddress.getByName(s).getAddress();
            if (bytes.length == 4) {
                // an IPv4-mapped literal (::ffff:a.b.c.d) comes back as IPv4; keep it in the v6 space
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                bytes = mapped;
            }
            return Optional.of(new BigInteger(1, bytes));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code port} lies in {@code range}: an int port ({@code -1} for all), or text: a port,
     * {@code "from-to"}, {@code "*"} or {@code "any"} (any case). Anything else matches nothing.
     */
    static boolean portInRange(Object range, long port) {
        if (range instanceof Long l) return l == -1 || l == port;
        if (range instanceof Double d) return d == -1 || d == port;
        if (!(range instanceof String text)) return false;
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("*") || s.equals("any") || s.equals("all") || s.equals("-1")) return true;
        int dash = s.indexOf('-', 1);
        try {
            if (dash < 0) return Long.parseLong(s) == port;
            long from = Long.parseLong(s.substring(0, dash).trim());
            long to = Long.parseLong(s.substring(dash + 1).trim());
            return from <= port && port <= to;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Semantic-version precedence (semver 2.0): a leading {@code v} and missing minor/patch are
     * allowed; build metadata is ignored. Empty when either text is not a version.
     */
    static Optional<Boolean> semverLess(String a, String b) {
        Optional<Version> va = Version.parse(a);
        Optional<Version> vb = Version.parse(b);
        if (va.isEmpty() || vb.isEmpty()) return Optional.empty();
        return Optional.of(va.get().compareTo(vb.get()) < 0);
    }

    record Version(long major, long minor, long patch, List<String> pre) implements Comparable<Version> {
        static Optional<Version> parse(String text) {
            String s = text.trim();
            if (s.startsWith("v") || s.startsWith("V")) s = s.substring(1);
            int plus = s.indexOf('+');
            if (plus >= 0) s = s.substring(0, plus);
            int dash = s.indexOf('-');
            String core = dash >= 0 ? s.substring(0, dash) : s;
            List<String> pre = dash >= 0 ? List.of(s.substring(dash + 1).split("\\.", -1)) : List.of();
            String[] nums = core.split("\\.", -1);
            if (nums.length < 1 || nums.length > 3) return Optional.empty();
            long[] parts = new long[3];
            for (int i = 0; i < nums.length; i++) {
                if (nums[i].isEmpty() || nums[i].length() > 18 || !allDigits(nums[i])) {
                    return Optional.empty();
                }
                parts[i] = Long.parseLong(nums[i]);
            }
            for (String p : pre) {
                if (p.isEmpty()) return Optional.empty();
            }
            return Optional.of(new Version(parts[0], parts[1], parts[2], pre));
        }

        /** Whether every char is a digit ({@link Character#isDigit}); a loop, where a stream was a pipeline per call. */
        private static boolean allDigits(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (!Character.isDigit(s.charAt(i))) return false;
            }
            return true;
        }

        @Override
        public int compareTo(Version o) {
            int c = Long.compare(major, o.major);
            if (c == 0) c = Long.compare(minor, o.minor);
            if (c == 0) c = Long.compare(patch, o.patch);
            if (c != 0) return c;
            // a pre-release sorts before the release itself
            if (pre.isEmpty() || o.pre.isEmpty()) return Boolean.compare(pre.isEmpty(), o.pre.isEmpty());
            for (int i = 0; i < Math.min(pre.size(), o.pre.size()); i++) {
                String x = pre.get(i);
                String y = o.pre.get(i);
                boolean xNum = allDigits(x) && x.length() < 19;
                boolean yNum = allDigits(y) && y.length() < 19;
                int d;
                if (xNum && yNum) d = Long.compare(Long.parseLong(x), Long.parseLong(y));
                else if (xNum) d = -1;
                else if (yNum) d = 1;
                else d = x.compareTo(y);
                if (d != 0) return d;
            }
            return Integer.compare(pre.size(), o.pre.size());
        }
    }
}
