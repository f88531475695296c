package dev.celestial.correlation;

import dev.celestial.web.InvalidFieldException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A correlation rule's definition: an event of {@code first}, then one of {@code second} no more than
 * {@code withinHours} later (never earlier), and when {@code withinKm} is given no farther apart than
 * that (both kinds then need a place on Earth). Example:
 * {@code {"first":{"kind":"solar_event","solarKind":"flare","minClass":"X1.0"},"second":{"kind":"earthquake","minMagnitude":6},"withinHours":48}}.
 */
public record Rule(Side first, Side second, double withinHours, Double withinKm) {

    private static final Set<String> FIELDS = Set.of("first", "second", "withinHours", "withinKm");
    static final double MAX_HOURS = 24 * 366;
    static final double MAX_KM = 20_038;

    /** Reads and checks a definition; {@code path} names it in errors, e.g. {@code rule}. */
    public static Rule parse(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException(path, "an object with first, second, withinHours and optionally withinKm");
        }
        for (String field : node.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidFieldException(path + "." + field, "unknown; known: first, second, withinHours, withinKm");
            }
        }
        Side first = Side.parse(node.get("first"), path + ".first");
        Side second = Side.parse(node.get("second"), path + ".second");
        JsonNode hours = node.get("withinHours");
        if (hours == null || !hours.isNumber() || !(hours.doubleValue() > 0) || hours.doubleValue() > MAX_HOURS) {
            throw new InvalidFieldException(path + ".withinHours", "a number of hours above 0 and at most " + (long) MAX_HOURS);
        }
        Double km = null;
        JsonNode within = node.get("withinKm");
        if (within != null) {
            if (!within.isNumber() || !(within.doubleValue() > 0) || within.doubleValue() > MAX_KM) {
                throw new InvalidFieldException(path + ".withinKm", "a distance in km above 0 and at most " + (long) MAX_KM);
            }
            if (!first.kind().located() || !second.kind().located()) {
                throw new InvalidFieldException(path + ".withinKm", "both kinds need a place on Earth; "
                        + (first.kind().located() ? second : first).kind().label() + " has none");
            }
            km = within.doubleValue();
        }
        return new Rule(first, second, hours.doubleValue(), km);
    }

    /** Whether a new event of {@code kind} may take part, on either side. */
    boolean involves(EventKind kind) {
        return first.kind() == kind || second.kind() == kind;
    }

    /** The definition as stored: only known fields, in a fixed order. */
    public String json() {
        return "{\"first\":" + first.json() + ",\"second\":" + second.json() + ",\"withinHours\":" + withinHours
                + (withinKm == null ? "" : ",\"withinKm\":" + withinKm) + "}";
    }
}
