package dev.celestial.ingest;

import java.time.Instant;

/** Julian dates as JPL gives epochs (TDB), labelled as instants to the microsecond. */
public final class JulianDate {

    /** Julian date of 1970-01-01T00:00:00. */
    private static final double UNIX_EPOCH = 2440587.5;

    /** Julian date of 0001-01-01T00:00:00, the earliest a time column takes. */
    public static final double EARLIEST = 1721425.5;

    /** Julian date of 9999-01-01T00:00:00, past the latest a time column takes. */
    public static final double LATEST = 5373119.5;

    private JulianDate() {
    }

    public static Instant toInstant(double julianDate) {
        long micros = Math.round((julianDate - UNIX_EPOCH) * 86_400_000_000.0);
        // in nanoseconds a long only reaches 1677 to 2262
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
