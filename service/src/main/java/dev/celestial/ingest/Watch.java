package dev.celestial.ingest;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What triggers may watch of a kind's stored events, declared by the kind next to its table. The SQL
 * here is the kind's own and fixed; nothing a trigger's author writes becomes SQL but bind values.
 *
 * @param ref       how an alert names an event ({@code alerts.event_ref}): an expression over the kind's table
 * @param keyMatch  the condition selecting a chunk's rows by their keys, each key part bound as an array
 *                  {@code :k0}, {@code :k1}, ... in the order of {@code keyParts}
 * @param context   the values an alert keeps, a {@code jsonb} expression over the kind's table
 * @param located   whether the kind has a place on Earth ({@code location}), so a {@code region} condition applies
 * @param fields    the fields a condition may name, each a fixed column expression: the whitelist
 * @param keyParts  a record's natural key, part by part, as text
 * @param <R>       the kind's record
 */
public record Watch<R>(String ref, String keyMatch, String context, boolean located, Map<String, Field> fields,
                       List<Function<R, String>> keyParts) {

    /** A field a condition may name: its column expression and how its value is compared. */
    public record Field(String column, Type type) {

        public enum Type {
            NUMBER, BOOLEAN, TEXT,
            /** A GOES flare class such as {@code M5.0}, compared by intensity ({@code celestial.flare_class_intensity}). */
            FLARE_CLASS
        }

        public static Field number(String column) {
            return new Field(column, Type.NUMBER);
        }

        public static Field bool(String column) {
            return new Field(column, Type.BOOLEAN);
        }

        public static Field text(String column) {
            return new Field(column, Type.TEXT);
        }

        public static Field flareClass(String column) {
            return new Field(column, Type.FLARE_CLASS);
        }
    }
}
