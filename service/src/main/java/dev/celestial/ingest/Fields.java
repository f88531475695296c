package dev.celestial.ingest;

import java.time.Duration;
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

    /** Longest JSON text kept whole in a jsonb column (USGS extras, each kept DONKI field). */
    public static final int MAX_JSON = 16 * 1024;

    /** Most levels of objects and arrays kept in a jsonb column, the outermost included. */
    public static final int MAX_JSON_DEPTH = 8;

    /** How far ahead of now a revision time may be when none is given: celestial.ingest.max-future-skew's default. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofDays(1);

    /** The years every time column takes: PostgreSQL has no year 0, and Java writes years past 9999 with a sign. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    private static final int MAX_KEY_SHOWN = 64;

    private final JsonNode node;
    private final String prefix;
    private final RecordError.Position position;
    private final List<RecordError> errors;
    private final int errorsBefore;
    private final Instant latestRevision;

    public Fields(JsonNode node, RecordError.Position position, List<RecordError> errors) {
        this(node, position, errors, Instant.now().plus(DEFAULT_MAX_FUTURE_SKEW));
    }

    /**
     * @param latestRevision the latest revision time accepted, now plus the allowed clock skew: the newer revision
     *                       wins, so one from the future would hold its row against every real revision until then
     */
    public Fields(JsonNode node, RecordError.Position position, List<RecordError> errors, Instant latestRevision) {
        this(node, "", position, errors, errors.size(), latestRevision);
    }

    private Fields(JsonNode node, String prefix, RecordError.Position position, List<RecordError> errors, int errorsBefore,
                   Instant latestRevision) {
        this.node = node;
        this.prefix = prefix;
        this.position = position;
        this.errors = errors;
        this.errorsBefore = errorsBefore;
        this.latestRevision = latestRevision;
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
        return new Fields(value, prefix + name + ".", position, errors, errorsBefore, latestRevision);
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
                error(shown(name), "unknown field");
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
        return value == null ? null : text(name, value);
    }

    /** {@code value}, found at {@code name} (an array element, say), as text held to the same rules as a field. */
    public String text(String name, JsonNode value) {
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
            number = toDouble(value);
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

    public Integer integer(String name, boolean required, int min, int max) {
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
        if (value.isIntegralNumber() && value.canConvertToInt() && (value.intValue() == 0 || value.intValue() == 1)) {
            return value.intValue() == 1;
        }
        error(name, "must be true or false");
        return null;
    }

    /**
     * An instant: ISO 8601 with an offset ({@code 2024-05-01T14:17Z}, {@code ...T14:17:05.123+02:00});
     * without one it is UTC. A number is milliseconds since the epoch, as USGS sends times. Either lies
     * between 0001-01-01 and 9999-01-01.
     */
    public Instant time(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        Instant instant;
        if (value.isNumber()) {
            // beyond a long, longValue() would throw; a fraction of a millisecond is no upstream's time
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                error(name, "must be whole milliseconds since the epoch");
                return null;
            }
            instant = Instant.ofEpochMilli(value.longValue());
        } else if (value.isString()) {
            instant = parseTime(value.stringValue().trim());
        } else {
            instant = null;
        }
        if (instant == null) {
            error(name, "must be an ISO 8601 time, e.g. 2024-05-01T14:17:00Z");
            return null;
        }
        return inRange(name, instant);
    }

    /** A revision time: a {@link #time} no later than the latest revision accepted. */
    public Instant revision(String name, boolean required) {
        return revision(name, time(name, required), Duration.ZERO);
    }

    /**
     * {@code revision} (read by the caller, null when absent or already reported) when it lies between 0001-01-01
     * and 9999-01-01 and no later than the latest revision accepted plus {@code leeway}; otherwise an error and null.
     */
    public Instant revision(String name, Instant revision, Duration leeway) {
        if (revision == null || inRange(name, revision) == null) {
            return null;
        }
        Instant latest = latestRevision.plus(leeway);
        if (revision.isAfter(latest)) {
            error(name, "is in the future: revisions after " + latest + " are refused");
            return null;
        }
        return revision;
    }

    /** A Julian date (TDB) within [min, max] and within 0001-01-01 and 9999-01-01. */
    public Double julianDate(String name, boolean required, double min, double max) {
        return number(name, required, Math.max(min, JulianDate.EARLIEST), Math.min(max, JulianDate.LATEST));
    }

    /** A revision as a Julian date: a {@link #julianDate} no later than the latest revision accepted plus {@code leeway}. */
    public Double julianRevision(String name, boolean required, double min, double max, Duration leeway) {
        Double julianDate = julianDate(name, required, min, max);
        return julianDate == null || revision(name, JulianDate.toInstant(julianDate), leeway) == null ? null : julianDate;
    }

    private Instant inRange(String name, Instant instant) {
        if (!instant.isBefore(EARLIEST) && instant.isBefore(LATEST)) {
            return instant;
        }
        error(name, "must be from 0001-01-01 to before 9999-01-01");
        return null;
    }

    /**
     * {@code value} as JSON text for a jsonb column, or null after an error naming where inside {@code name} it
     * fails: a NUL in a string or key (which jsonb refuses), more than {@link #MAX_JSON_DEPTH} levels, or more than
     * {@link #MAX_JSON} characters. Caps what an upstream's free-form fields may make the service store.
     */
    public String json(String name, JsonNode value) {
        StorableJson.Problem problem = StorableJson.check(name, value);
        if (problem != null) {
            error(problem.path(), problem.message());
            return null;
        }
        String text = value.toString();
        if (text.length() > MAX_JSON) {
            error(name, "is longer than " + MAX_JSON + " characters as JSON");
            return null;
        }
        return text;
    }

    /** A key as an error may name it: control characters escaped, at most 64 characters. */
    static String shown(String key) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < key.length() && i < MAX_KEY_SHOWN; i++) {
            char c = key.charAt(i);
            shown.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return key.length() > MAX_KEY_SHOWN ? shown.append("...").toString() : shown.toString();
    }

    /** A JSON number as a double; integers past a double's range are infinite (Jackson's doubleValue() throws for them). */
    public static double toDouble(JsonNode number) {
        return number.isBigInteger() || number.isBigDecimal() ? number.decimalValue().doubleValue() : number.doubleValue();
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
