package io.praetor.server.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code 30s}, {@code 15m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT15M}). */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(String variable, String text) {
        String t = text.trim();
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalStateException("unreachable: " + m.group(2));
            };
        } else {
            try {
                d = Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new ConfigException(variable, "'" + text + "' is not a duration (use 30s, 15m, 1h or ISO-8601 like PT15M)");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(variable, "'" + text + "' must be a positive duration");
        }
        return d;
    }
}
