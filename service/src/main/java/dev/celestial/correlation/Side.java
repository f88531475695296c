package dev.celestial.correlation;

import dev.celestial.db.Where;
import dev.celestial.ingest.Column;
import dev.celestial.web.InvalidFieldException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Which events of one kind take part: a rule's {@code first} or {@code second}, or a sign's matcher.
 * Fields by kind (all optional but {@code kind}): earthquake {@code minMagnitude, tsunami};
 * solar_event {@code solarKind} (flare, cme), {@code minClass} (a GOES class, compared by intensity:
 * X1.0 above M9.9; implies a flare), {@code minSpeedKms} (a CME's speed); volcanic_activity {@code minVei}.
 */
public record Side(EventKind kind, Double minMagnitude, Boolean tsunami, String solarKind, String minClass,
                   Double minSpeedKms, Integer minVei) {

    private static final Pattern FLARE_CLASS = Pattern.compile("[ABCMX][0-9]{1,2}(\\.[0-9]{1,2})?");
    private static final Map<EventKind, Set<String>> FIELDS = Map.of(
            EventKind.EARTHQUAKE, Set.of("kind", "minMagnitude", "tsunami"),
            EventKind.SOLAR_EVENT, Set.of("kind", "solarKind", "minClass", "minSpeedKms"),
            EventKind.VOLCANIC_ACTIVITY, Set.of("kind", "minVei"));

    /** Reads and checks a side; {@code path} names it in errors, e.g. {@code rule.first}. */
    public static Side parse(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException(path, "an object with kind and its thresholds");
        }
        JsonNode kindNode = node.get("kind");
        EventKind kind = kindNode != null && kindNode.isString() ? EventKind.of(kindNode.asString()) : null;
        if (kind == null) {
            throw new InvalidFieldException(path + ".kind", "one of " + EventKind.labels());
        }
        for (String field : node.propertyNames()) {
            if (!FIELDS.get(kind).contains(field)) {
                throw new InvalidFieldException(path + "." + field, "unknown for kind " + kind.label() + "; known: "
                        + String.join(", ", FIELDS.get(kind).stream().sorted().toList()));
            }
        }
        Double minMagnitude = number(node, path, "minMagnitude", -2, 10);
        Boolean tsunami = null;
        if (node.has("tsunami")) {
            if (!node.get("tsunami").isBoolean()) {
                throw new InvalidFieldException(path + ".tsunami", "true or false");
            }
            tsunami = node.get("tsunami").booleanValue();
        }
        String solarKind = null;
        if (node.has("solarKind")) {
            JsonNode value = node.get("solarKind");
            if (!value.isString() || !Set.of("flare", "cme").contains(value.asString())) {
                throw new InvalidFieldException(path + ".solarKind", "flare or cme");
            }
            solarKind = value.asString();
        }
        String minClass = null;
        if (node.has("minClass")) {
            JsonNode value = node.get("minClass");
            if (!value.isString() || !FLARE_CLASS.matcher(value.asString().toUpperCase(Locale.ROOT)).matches()) {
                throw new InvalidFieldException(path + ".minClass", "a GOES flare class such as M1.0 or X1.0");
            }
            if ("cme".equals(solarKind)) {
                throw new InvalidFieldException(path + ".minClass", "a flare class, but solarKind is cme");
            }
            minClass = value.asString().toUpperCase(Locale.ROOT);
        }
        Double minSpeedKms = number(node, path, "minSpeedKms", 0, 10_000);
        if (minSpeedKms != null && "flare".equals(solarKind) || minSpeedKms != null && minClass != null) {
            throw new InvalidFieldException(path + ".minSpeedKms", "a CME's speed, but the side selects flares");
        }
        Double vei = number(node, path, "minVei", 0, 8);
        if (vei != null && vei != Math.floor(vei)) {
            throw new InvalidFieldException(path + ".minVei", "a whole number from 0 to 8");
        }
        return new Side(kind, minMagnitude, tsunami, solarKind, minClass, minSpeedKms, vei == null ? null : vei.intValue());
    }

    private static Double number(JsonNode node, String path, String field, double min, double max) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < min || value.doubleValue() > max) {
            throw new InvalidFieldException(path + "." + field, "a number from " + fmt(min) + " to " + fmt(max));
        }
        return value.doubleValue();
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /**
     * Adds this side's conditions on the table aliased {@code alias} to {@code where}, each value a bind
     * named with {@code prefix}; every fragment is fixed text, so nothing of a rule reaches the SQL but binds.
     */
    public Where conditions(String alias, String prefix, Where where) {
        String a = alias + ".";
        where.and(minMagnitude, a + "magnitude >= :" + prefix + "MinMagnitude", prefix + "MinMagnitude")
                .and(tsunami, a + "tsunami = :" + prefix + "Tsunami", prefix + "Tsunami")
                .and(minClass != null ? "flare" : solarKind, a + "kind = :" + prefix + "SolarKind", prefix + "SolarKind")
                .and(minClass, a + "class_intensity >= celestial.flare_class_intensity(:" + prefix + "MinClass)", prefix + "MinClass")
                .and(minSpeedKms, a + "cme_speed_kms >= :" + prefix + "MinSpeedKms", prefix + "MinSpeedKms")
                .and(minVei, a + "vei >= :" + prefix + "MinVei", prefix + "MinVei");
        return where;
    }

    /**
     * Whether an event with these column values (by column name) can be on this side. False only when a
     * threshold checked here rules it out, as the SQL condition would (a missing value fails a threshold);
     * a flare's class is left to the statement. Lets a chunk skip the statements of sides none of its
     * events can be on: an event posted below a threshold pairs with nothing new, whether it replaces the
     * stored revision or a newer stored one stays (that one was evaluated when it was written).
     */
    boolean mayMatch(Function<String, Object> column) {
        return atLeast(minMagnitude, column.apply("magnitude"))
                && equalTo(tsunami, column.apply("tsunami"))
                && equalTo(minClass != null ? "flare" : solarKind, column.apply("kind"))
                && atLeast(minSpeedKms, column.apply("cme_speed_kms"))
                && atLeast(minVei == null ? null : minVei.doubleValue(), column.apply("vei"));
    }

    private static boolean atLeast(Double threshold, Object value) {
        return threshold == null || Column.mayPass(value, posted -> posted >= threshold);
    }

    private static boolean equalTo(Object expected, Object value) {
        return expected == null || Column.mayEqual(value, expected);
    }

    /** The side as stored: only its known fields, in a fixed order. */
    public String json() {
        List<String> fields = new ArrayList<>();
        fields.add("\"kind\":\"" + kind.label() + "\"");
        if (minMagnitude != null) {
            fields.add("\"minMagnitude\":" + minMagnitude);
        }
        if (tsunami != null) {
            fields.add("\"tsunami\":" + tsunami);
        }
        if (solarKind != null) {
            fields.add("\"solarKind\":\"" + solarKind + "\"");
        }
        if (minClass != null) {
            fields.add("\"minClass\":\"" + minClass + "\"");
        }
        if (minSpeedKms != null) {
            fields.add("\"minSpeedKms\":" + minSpeedKms);
        }
        if (minVei != null) {
            fields.add("\"minVei\":" + minVei);
        }
        return "{" + String.join(",", fields) + "}";
    }
}
