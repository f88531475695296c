package dev.celestial.ingest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Typed, validated access to one record's JSON fields. Each problem is reported once, with the
 * record's position and the field's path; a getter then returns null, and {@link #valid()} is false.
 */
public final class Fields {

    /** Longest string accepted in any field. */
    public static final int MAX_TEXT = 2000;

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    private final JsonNode node;
    private final String prefix;
    private final RecordError.Position position;
    private final List<RecordError> errors;
    private final int errorsBefore;

    public Fields(JsonNode node, RecordError.Position position, List<RecordError> errors) {
        this(node, "", position, errors, errors.size());
    }

    private Fields(JsonNode node, String prefix, RecordError.Position position, List<RecordError> errors, int errorsBefore) {
        this.node = node;
        this.prefix = prefix;
        this.position = position;
        this.errors = errors;
        this.errorsBefore = errorsBefore;
    }

    public JsonNode node() {
        return node;
    }

    public RecordError.Position position() {
        return position;
    }

    /** The nested object {@code name}, or an empty one (with an error when required). */
    public Fields object(String name, boolean required) {
        JsonNode value = node.path(name);
        if (!value.isObject()) {
            if (required || !(value.isMissingNode() || value.isNull())) {
                error(name, "must be an object");
            }
            value = JsonNodeFactory.instance.objectNode();
        }
        return new Fields(value, prefix + name + ".", position, errors, errorsBefore);
    }

    /** True when no problem was reported for this record. */
    public boolean valid() {
        return errors.size() == errorsBefore;
    }

    public void error(String field, String message) {
        errors.add(RecordError.at(position, field == null ? null : prefix + field, message));
    }

    /** Reports every field not in {@code known}: a misspelt field is an error, not silently dropped data. */
    public void onlyKnown(Set<String> known) {
        if (!node.isObject()) {
            error(null, "must be a JSON object");
            return;
        }
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                error(name, "unknown field");
            }
        }
    }

    private JsonNode present(String name, boolean required) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                error(name, "is required");
            }
            return null;
        }
        return value;
    }

    public String text(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            error(name, "must be a string");
            return null;
        }
        String text = value.stringValue();
        if (text.length() > MAX_TEXT) {
            error(name, "is longer than " + MAX_TEXT + " characters");
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            error(name, "contains a NUL character");
            return null;
        }
        return text;
    }

    /** A finite number within [min, max]; numeric strings are accepted, as upstream feeds send them. */
    public Double number(String name, boolean required, double min, double max) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        double number;
        if (value.isNumber()) {
            number = value.doubleValue();
        } else if (value.isString() && !value.stringValue().isBlank()) {
            try {
                number = Double.parseDouble(value.stringValue().trim());
            } catch (NumberFormatException e) {
                error(name, "must be a number");
                return null;
            }
        } else {
            error(name, "must be a number");
            return null;
        }
        if (!Double.isFinite(number)) {
            error(name, "must be a finite number");
            return null;
        }
        if (number < min || number > max) {
            error(name, "must be between " + format(min) + " and " + format(max) + ", was " + format(number));
            return null;
        }
        return number;
    }

    public Integer integer(String name, boolean required, long min, long max) {
        Double number = number(name, required, min, max);
        if (number == null) {
            return null;
        }
        if (number != Math.rint(number)) {
            error(name, "must be a whole number");
            return null;
        }
        return number.intValue();
    }

    /** A boolean; 0 and 1 are accepted as USGS sends the tsunami flag. */
    public Boolean bool(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber() && (value.longValue() == 0 || value.longValue() == 1)) {
            return value.longValue() == 1;
        }
        error(name, "must be true or false");
        return null;
    }

    /**
     * An instant: ISO 8601 with an offset ({@code 2024-05-01T14:17Z}, {@code ...T14:17:05.123+02:00});
     * without one it is UTC. A number is milliseconds since the epoch, as USGS sends times.
     */
    public Instant time(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        if (value.isString()) {
            Instant instant = parseTime(value.stringValue().trim());
            if (instant != null && instant.isAfter(EARLIEST) && instant.isBefore(LATEST)) {
                return instant;
            }
        }
        error(name, "must be an ISO 8601 time, e.g. 2024-05-01T14:17:00Z");
        return null;
    }

    static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static String format(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number) : Double.toString(number);
    }
}
