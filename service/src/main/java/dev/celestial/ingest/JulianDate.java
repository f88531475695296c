package dev.celestial.ingest;

import java.time.Instant;

/** Julian dates as JPL gives epochs (TDB), labelled as instants to the microsecond. */
public final class JulianDate {

    /** Julian date of 1970-01-01T00:00:00. */
    private static final double UNIX_EPOCH = 2440587.5;

    private JulianDate() {
    }

    public static Instant toInstant(double julianDate) {
        long micros = Math.round((julianDate - UNIX_EPOCH) * 86_400_000_000.0);
        return Instant.EPOCH.plusNanos(micros * 1000);
    }
}
