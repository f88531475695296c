package dev.celestial.earthquake;

import dev.celestial.earthquake.EarthquakeQueries.Found;
import java.time.Instant;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * Earthquakes as JSON, written field by field from the row: the RFC 7946 Feature (id = source id,
 * geometry [lon, lat, depthKm]) and the plain record ({@code Accept: application/json}), each with
 * {@code distanceKm} when the query had a centre. Pages of these are the service's hottest path, so
 * property names are encoded once and times are written without a formatter: what that pays against
 * Jackson databind records and plain generator calls is QuakeJsonBenchmark's, the {@code micro: quakeJson=…}
 * lines of deploy/bench/micro.sh.
 */
final class QuakeJson {

    /** The property names, encoded once. */
    @SuppressWarnings("java:S115")
    enum Name {
        type, id, geometry, coordinates, properties, sourceId, time, updated, latitude, longitude, depthKm, magnitude,
        magType, place, status, tsunami, sig, net, code, alert, felt, cdi, mmi, url, distanceKm;

        final SerializableString json = new SerializedString(name());
    }

    private static final SerializableString FEATURE = new SerializedString("Feature");
    private static final SerializableString POINT = new SerializedString("Point");

    private QuakeJson() {
    }

    static void feature(JsonGenerator out, Found found) {
        Earthquake q = found.quake();
        out.writeStartObject();
        text(out, Name.type, FEATURE);
        text(out, Name.id, q.sourceId());
        out.writeName(Name.geometry.json);
        out.writeStartObject();
        text(out, Name.type, POINT);
        out.writeName(Name.coordinates.json);
        out.writeStartArray();
        decimal(out, q.longitude());
        decimal(out, q.latitude());
        if (q.depthKm() != null) {
            decimal(out, q.depthKm());
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeName(Name.properties.json);
        out.writeStartObject();
        time(out, Name.time, q.time());
        time(out, Name.updated, q.updated());
        number(out, Name.depthKm, q.depthKm());
        shared(out, q, found.distanceKm());
        out.writeEndObject();
        out.writeEndObject();
    }

    static void plain(JsonGenerator out, Found found) {
        Earthquake q = found.quake();
        out.writeStartObject();
        text(out, Name.sourceId, q.sourceId());
        time(out, Name.time, q.time());
        time(out, Name.updated, q.updated());
        number(out, Name.latitude, q.latitude());
        number(out, Name.longitude, q.longitude());
        number(out, Name.depthKm, q.depthKm());
        shared(out, q, found.distanceKm());
        out.writeEndObject();
    }

    /** The fields the Feature's properties and the plain record share, in the same order. */
    private static void shared(JsonGenerator out, Earthquake q, Double distanceKm) {
        number(out, Name.magnitude, q.magnitude());
        text(out, Name.magType, q.magType());
        text(out, Name.place, q.place());
        text(out, Name.status, q.status());
        out.writeName(Name.tsunami.json);
        if (q.tsunami() == null) {
            out.writeNull();
        } else {
            out.writeBoolean(q.tsunami());
        }
        integer(out, Name.sig, q.sig());
        text(out, Name.net, q.net());
        text(out, Name.code, q.code());
        text(out, Name.alert, q.alert());
        integer(out, Name.felt, q.felt());
        number(out, Name.cdi, q.cdi());
        number(out, Name.mmi, q.mmi());
        text(out, Name.url, q.url());
        if (distanceKm != null) {
            number(out, Name.distanceKm, distanceKm);
        }
    }

    private static void text(JsonGenerator out, Name name, String value) {
        out.writeName(name.json);
        out.writeString(value);
    }

    private static void text(JsonGenerator out, Name name, SerializableString value) {
        out.writeName(name.json);
        out.writeString(value);
    }

    private static void number(JsonGenerator out, Name name, Double value) {
        out.writeName(name.json);
        if (value == null) {
            out.writeNull();
        } else {
            decimal(out, value);
        }
    }

    private static final double[] SCALE = {1, 10, 100, 1_000, 10_000};

    /**
     * Writes {@code value} as Jackson's fast writer would (its shortest decimal form), cheaply for the
     * values earthquakes carry: coordinates to four decimals, magnitudes to one, depths to two. When
     * value * 10^k rounds to an integer m with m / 10^k == value, the decimal m * 10^-k reads back as
     * exactly value, and the smallest such k gives the shortest form: no other decimal with k places is
     * that close, as 10^-k is far above the spacing of doubles below 10^7. Anything else goes to Jackson.
     */
    static void decimal(JsonGenerator out, double value) {
        // the range Jackson (like Double.toString) writes without an exponent
        if (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e7) {
            for (int k = 0; k < SCALE.length; k++) {
                long m = Math.round(value * SCALE[k]);
                if (m / SCALE[k] == value) {
                    char[] text = new char[24];
                    int at = k == 0 ? decimal(text, m * 10, 1) : decimal(text, m, k);
                    out.writeNumber(text, at, text.length - at);
                    return;
                }
            }
        }
        out.writeNumber(value);
    }

    /** Writes {@code m * 10^-places} at the end of {@code text}, a digit at least before the point; returns where it starts. */
    private static int decimal(char[] text, long m, int places) {
        long rest = Math.abs(m);
        int at = text.length;
        for (int i = 0; i < places; i++) {
            text[--at] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        text[--at] = '.';
        do {
            text[--at] = (char) ('0' + rest % 10);
            rest /= 10;
        } while (rest > 0);
        if (m < 0) {
            text[--at] = '-';
        }
        return at;
    }

    private static void integer(JsonGenerator out, Name name, Integer value) {
        out.writeName(name.json);
        if (value == null) {
            out.writeNull();
        } else {
            out.writeNumber(value.intValue());
        }
    }

    /**
     * As {@link Instant#toString()} writes it (seconds always, fractions in groups of three), from the
     * epoch seconds by integer arithmetic (H. Hinnant's civil-from-days) and already encoded, so no
     * date objects are made and nothing needs escaping. Years outside 1000..9999 go to {@code toString}.
     */
    static void time(JsonGenerator out, Name name, Instant time) {
        out.writeName(name.json);
        if (time == null) {
            out.writeNull();
            return;
        }
        long seconds = time.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) (seconds - days * 86_400);
        long shifted = days + 719_468; // days since 0000-03-01
        long era = Math.floorDiv(shifted, 146_097);
        int dayOfEra = (int) (shifted - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int marchMonth = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * marchMonth + 2) / 5 + 1;
        int month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
        long year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0);
        if (year < 1000 || year > 9999) {
            out.writeString(time.toString());
            return;
        }
        byte[] text = new byte[30];
        int n = digits(text, 0, (int) year, 4);
        text[n++] = '-';
        n = digits(text, n, month, 2);
        text[n++] = '-';
        n = digits(text, n, day, 2);
        text[n++] = 'T';
        n = digits(text, n, secondOfDay / 3_600, 2);
        text[n++] = ':';
        n = digits(text, n, secondOfDay / 60 % 60, 2);
        text[n++] = ':';
        n = digits(text, n, secondOfDay % 60, 2);
        int nano = time.getNano();
        if (nano != 0) {
            text[n++] = '.';
            n = nano % 1_000_000 == 0 ? digits(text, n, nano / 1_000_000, 3)
                    : nano % 1000 == 0 ? digits(text, n, nano / 1000, 6) : digits(text, n, nano, 9);
        }
        text[n++] = 'Z';
        out.writeRawUTF8String(text, 0, n);
    }

    private static int digits(byte[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
