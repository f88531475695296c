package dev.celestial.alert;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.Watch;
import dev.celestial.web.InvalidFieldException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Compiles a trigger's conditions (the JSON object in {@code data_triggers.conditions}) into a SQL
 * predicate over the kind's table, every value a bind: all conditions must hold. The language:
 * <ul>
 *   <li>a number field: {@code {"gte": 7}}, with any of {@code gt, gte, lt, lte, eq};</li>
 *   <li>a boolean field: {@code true} or {@code false};</li>
 *   <li>a text field: {@code "flare"} or {@code {"eq": "flare"}};</li>
 *   <li>{@code region} (kinds with a location): {@code {"latitude": 35.68, "longitude": 139.69, "radiusKm": 300}},
 *       great-circle distance on the geography, so correct across the antimeridian;</li>
 *   <li>{@code minClass} (solar events): a GOES class such as {@code "X1.0"}, compared by intensity, so X1.0 is
 *       above M9.9.</li>
 * </ul>
 * Field names are the kind's own whitelist ({@link dev.celestial.ingest.Watch#fields()}); anything else is refused here, when a
 * trigger is created or changed, naming the field.
 */
final class Conditions {

    static final double MAX_RADIUS_KM = 20_001.6;
    private static final Pattern FLARE_CLASS = Pattern.compile("[ABCMX](?:\\d{1,3})(?:\\.\\d{1,3})?");
    private static final Map<String, String> OPERATORS = Map.of("gt", ">", "gte", ">=", "lt", "<", "lte", "<=", "eq", "=");

    /**
     * A predicate over the kind's columns and the values it binds, and its cheap part over a posted record's
     * values by column name ({@link Column#values}): false only when a field condition rules the record
     * out; a region, a flare class and a column the record does not carry are left to the SQL.
     */
    record Compiled(String sql, Map<String, Object> binds, Predicate<Function<String, Object>> mayMatch) {
    }

    private Conditions() {
    }

    /**
     * @param prefix prefixed to every bind name, so several triggers' predicates can share one statement
     * @throws InvalidFieldException naming the first field that is wrong (422)
     */
    static Compiled compile(EventKind kind, JsonNode conditions, String prefix) {
        if (conditions == null || !conditions.isObject()) {
            throw new InvalidFieldException("conditions", "a JSON object of field conditions");
        }
        if (conditions.isEmpty()) {
            throw new InvalidFieldException("conditions", "at least one condition (a trigger on every " + kind.label() + " would alert on each)");
        }
        List<String> parts = new ArrayList<>();
        Map<String, Object> binds = new LinkedHashMap<>();
        List<Predicate<Function<String, Object>>> checks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : conditions.properties()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            String path = "conditions." + name;
            if (name.equals("region") && kind.located()) {
                parts.add(region(value, path, prefix, binds));
            } else {
                Watch.Field field = kind.fields().get(name);
                if (field == null) {
                    throw new InvalidFieldException(path, "unknown field for " + kind.label() + "; known: " + known(kind));
                }
                parts.add(switch (field.type()) {
                    case NUMBER -> number(field.column(), value, path, prefix, binds, checks);
                    case BOOLEAN -> {
                        if (!value.isBoolean()) {
                            throw new InvalidFieldException(path, "true or false");
                        }
                        checks.add(equalTo(field.column(), value.booleanValue()));
                        yield field.column() + " = :" + bind(prefix, binds, value.booleanValue());
                    }
                    case TEXT -> text(field.column(), value, path, prefix, binds, checks);
                    // left to SQL: the posted class is not compared in Java
                    case FLARE_CLASS -> {
                        if (!value.isString() || !FLARE_CLASS.matcher(value.asString()).matches()) {
                            throw new InvalidFieldException(path, "a GOES flare class such as M5.0 or X1.0 (A, B, C, M, X, then a number)");
                        }
                        yield field.column() + " >= celestial.flare_class_intensity(:" + bind(prefix, binds, value.asString()) + ")";
                    }
                });
            }
        }
        return new Compiled(String.join(" AND ", parts), binds, values -> checks.stream().allMatch(check -> check.test(values)));
    }

    /** A column equal to {@code expected}, or not carried by the record. */
    private static Predicate<Function<String, Object>> equalTo(String column, Object expected) {
        return values -> Column.mayEqual(values.apply(column), expected);
    }

    private static String number(String column, JsonNode value, String path, String prefix, Map<String, Object> binds,
                                 List<Predicate<Function<String, Object>>> checks) {
        if (!value.isObject() || value.isEmpty()) {
            throw new InvalidFieldException(path, "an object of comparisons, e.g. {\"gte\": 7}; operators: gt, gte, lt, lte, eq");
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> comparison : value.properties()) {
            String operator = OPERATORS.get(comparison.getKey());
            String at = path + "." + comparison.getKey();
            if (operator == null) {
                throw new InvalidFieldException(at, "unknown operator; known: gt, gte, lt, lte, eq");
            }
            JsonNode bound = comparison.getValue();
            if (!bound.isNumber() || !Double.isFinite(bound.doubleValue())) {
                throw new InvalidFieldException(at, "a finite number");
            }
            parts.add(column + " " + operator + " :" + bind(prefix, binds, bound.doubleValue()));
            String name = comparison.getKey();
            double limit = bound.doubleValue();
            checks.add(values -> Column.mayPass(values.apply(column), posted -> compare(posted, name, limit)));
        }
        return String.join(" AND ", parts);
    }

    private static boolean compare(double value, String operator, double limit) {
        return switch (operator) {
            case "gt" -> value > limit;
            case "gte" -> value >= limit;
            case "lt" -> value < limit;
            case "lte" -> value <= limit;
            default -> value == limit;
        };
    }

    private static String text(String column, JsonNode value, String path, String prefix, Map<String, Object> binds,
                               List<Predicate<Function<String, Object>>> checks) {
        JsonNode text = value;
        if (value.isObject() && value.size() == 1 && value.has("eq")) {
            text = value.get("eq");
            path = path + ".eq";
        }
        if (!text.isString() || text.asString().isEmpty() || text.asString().length() > 200) {
            throw new InvalidFieldException(path, "a string of 1 to 200 characters, or {\"eq\": \"...\"}");
        }
        checks.add(equalTo(column, text.asString()));
        return column + " = :" + bind(prefix, binds, text.asString());
    }

    private static String region(JsonNode value, String path, String prefix, Map<String, Object> binds) {
        if (!value.isObject()) {
            throw new InvalidFieldException(path, "an object with latitude, longitude and radiusKm");
        }
        for (String name : value.propertyNames()) {
            if (!List.of("latitude", "longitude", "radiusKm").contains(name)) {
                throw new InvalidFieldException(path + "." + name, "unknown; a region has latitude, longitude and radiusKm");
            }
        }
        double lat = coordinate(value, "latitude", -90, 90, path);
        double lon = coordinate(value, "longitude", -180, 180, path);
        double radiusKm = coordinate(value, "radiusKm", 0, MAX_RADIUS_KM, path);
        if (radiusKm <= 0) {
            throw new InvalidFieldException(path + ".radiusKm", "above 0");
        }
        String lonBind = bind(prefix, binds, lon);
        String latBind = bind(prefix, binds, lat);
        String metres = bind(prefix, binds, radiusKm * 1000);
        return "ST_DWithin(location, ST_MakePoint(:" + lonBind + ", :" + latBind + ")::geography, :" + metres + ")";
    }

    private static double coordinate(JsonNode region, String name, double min, double max, String path) {
        JsonNode value = region.get(name);
        if (value == null || !value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
            throw new InvalidFieldException(path + "." + name, "a number from " + plain(min) + " to " + plain(max));
        }
        return value.doubleValue();
    }

    private static String bind(String prefix, Map<String, Object> binds, Object value) {
        String name = prefix + binds.size();
        binds.put(name, value);
        return name;
    }

    private static String known(EventKind kind) {
        List<String> names = new ArrayList<>(kind.fields().keySet());
        if (kind.located()) {
            names.add("region");
        }
        names.sort(null);
        return String.join(", ", names);
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
