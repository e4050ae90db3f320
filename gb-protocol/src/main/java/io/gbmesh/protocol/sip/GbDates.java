package io.gbmesh.protocol.sip;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header of GB/T 28181 (§9.10, time sync on registration): local time as
 * {@code yyyy-MM-dd'T'HH:mm:ss.SSS}, not RFC 1123, as the reference's 200 OK shows.
 */
public final class GbDates {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private GbDates() {
    }

    public static String format(LocalDateTime time) {
        return FORMAT.format(time);
    }

    public static LocalDateTime parse(String text) {
        String t = text.trim();
        if (t.length() == 19) {
            return LocalDateTime.parse(t);
        }
        return LocalDateTime.parse(t, FORMAT);
    }
}
