package io.praetor.domain.json;

import java.time.Instant;
import java.time.LocalDate;

/** The ledger's time format: RFC 3339, UTC, always exactly three fraction digits ({@code 2026-11-25T10:00:00.000Z}). */
public final class Rfc3339 {
    private Rfc3339() {}

    /**
     * Formats by hand: this runs once per ledger entry on append and on verification, where
     * {@code DateTimeFormatter} would be a good part of the cost. Years 0000–9999 only.
     */
    public static String millis(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        long days = Math.floorDiv(epochSecond, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        LocalDate date = LocalDate.ofEpochDay(days);
        int year = date.getYear();
        if (year < 0 || year > 9999) throw new IllegalArgumentException("year out of range for RFC 3339: " + year);
        char[] c = new char[24];
        put(c, 0, year, 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        put(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, secondOfDay % 60, 2);
        c[19] = '.';
        put(c, 20, instant.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    public static Instant parse(String text) {
        return Instant.parse(text);
    }
}
