package dev.celestial.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * Typed, range-checked access to a request's query parameters; every refusal names the parameter.
 * Parameters nobody asked for are refused too ({@link #rejectUnknown()}).
 */
public final class QueryParams {

    private final MultiValueMap<String, String> values;
    private final QueryLimits limits;
    private final Set<String> known = new HashSet<>();

    QueryParams(MultiValueMap<String, String> values, QueryLimits limits) {
        this.values = values;
        this.limits = limits;
    }

    /** {@code limit}: a page or list size from 1 to the configured maximum. */
    public int limit(int fallback) {
        return integer("limit", Math.min(fallback, limits.maxLimit()), 1, limits.maxLimit());
    }

    /** A required radius in kilometres, up to the configured maximum. */
    public double radiusKm(String name) {
        return number(name, 0, limits.maxRadiusKm(), true);
    }

    /** Refuses a box wider or taller than the configured span ({@code minLon > maxLon} crosses the antimeridian). */
    public void checkBox(double minLat, double maxLat, double minLon, double maxLon) {
        if (maxLat - minLat > limits.maxBoxDegrees()) {
            throw new BadParameterException("maxLat", "the box may span at most " + plain(limits.maxBoxDegrees()) + " degrees of latitude");
        }
        double width = minLon <= maxLon ? maxLon - minLon : 360 - minLon + maxLon;
        if (width > limits.maxBoxDegrees()) {
            throw new BadParameterException("maxLon", "the box may span at most " + plain(limits.maxBoxDegrees()) + " degrees of longitude");
        }
    }

    public String text(String name) {
        known.add(name);
        List<String> all = values.get(name);
        if (all == null || all.isEmpty()) {
            return null;
        }
        if (all.size() > 1) {
            throw new BadParameterException(name, "given more than once");
        }
        String value = all.get(0).trim();
        return value.isEmpty() ? null : value;
    }

    public boolean has(String name) {
        return text(name) != null;
    }

    public Double number(String name, double min, double max, boolean required) {
        String text = required(name, required);
        if (text == null) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "not a number: '" + text + "'");
        }
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new BadParameterException(name, "must be between " + plain(min) + " and " + plain(max));
        }
        return value;
    }

    public int integer(String name, int fallback, int min, int max) {
        String text = text(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadParameterException(name, "must be a whole number from " + min + " to " + max);
    }

    /** ISO 8601 with or without offset (UTC when absent), or a date alone (its midnight UTC). */
    public Instant time(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw new BadParameterException(name, "not an ISO 8601 time: '" + text + "'");
                }
            }
        }
    }

    /** The two bounds of a range, either of them null when not given. */
    public record Range<T>(T min, T max) {
    }

    /** Two times bounding a range, such as {@code from} and {@code to}; see {@link #ordered}. */
    public Range<Instant> timeRange(String fromName, String toName) {
        Instant from = time(fromName);
        Instant to = time(toName);
        ordered(fromName, from, toName, to);
        return new Range<>(from, to);
    }

    /** Two optional numbers bounding a range, each between {@code low} and {@code high}; see {@link #ordered}. */
    public Range<Double> numberRange(String minName, String maxName, double low, double high) {
        Double min = number(minName, low, high, false);
        Double max = number(maxName, low, high, false);
        ordered(minName, min, maxName, max);
        return new Range<>(min, max);
    }

    /** A path's {@code id} of a {@code what} (alert, trigger, rule, sign): a positive whole number, else a 400 naming {@code id}. */
    public static long id(String value, String what) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadParameterException("id", "a " + what + " id (a positive whole number)");
    }

    /**
     * Refuses a lower bound past its upper one, naming both parameters ({@code "from,to"}): such a range
     * matches nothing, so an empty answer would hide the mistake in the request.
     */
    public static <T extends Comparable<? super T>> void ordered(String minName, T min, String maxName, T max) {
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new BadParameterException(minName + "," + maxName,
                    minName + " must not be " + (min instanceof Instant ? "after " : "above ") + maxName);
        }
    }

    public String choice(String name, String fallback, List<String> allowed) {
        String text = text(name);
        if (text == null) {
            return fallback;
        }
        if (!allowed.contains(text)) {
            throw new BadParameterException(name, "must be one of " + String.join(", ", allowed));
        }
        return text;
    }

    /** Refuses every parameter no accessor has asked about; call after reading them all. */
    public void rejectUnknown() {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new BadParameterException(name, "unknown parameter");
            }
        }
    }

    private String required(String name, boolean required) {
        String text = text(name);
        if (text == null && required) {
            throw new BadParameterException(name, "required");
        }
        return text;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
