package dev.celestial.ingest;

import java.time.Instant;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.Function;

/**
 * One staged column of a kind's chunk: its name, its PostgreSQL type, and how to read it from a record.
 * A chunk is bound as one PostgreSQL array literal per column ({@code unnest(:name::type[], ...)}),
 * written here ahead of time so the connection never waits for the driver to encode it; or as one
 * field of a COPY text row ({@link DirectCopy}). A kind declares its columns in its {@link Table}.
 */
public record Column<R>(String name, String type, Function<R, ?> value) {

    /** What {@link #values} gives for a name that is not one of the columns. */
    public static final Object ABSENT = new Object();

    /**
     * Whether a posted value may pass a numeric comparison SQL makes on the stored one: a number is tested,
     * null fails (as in SQL), anything else ({@link #ABSENT} included) is left to SQL.
     */
    public static boolean mayPass(Object posted, DoublePredicate test) {
        return posted instanceof Number number ? test.test(number.doubleValue()) : posted != null;
    }

    /** Whether a posted value may equal {@code expected} in SQL; {@link #ABSENT} is left to SQL. */
    public static boolean mayEqual(Object posted, Object expected) {
        return posted == ABSENT || expected.equals(posted);
    }

    /** A record's values by column name ({@link IngestKind#columnsByName}), {@link #ABSENT} for another name. */
    public static <R> Function<String, Object> values(Map<String, Function<R, ?>> byName, R record) {
        return name -> {
            Function<R, ?> column = byName.get(name);
            return column == null ? ABSENT : column.apply(record);
        };
    }

    public static <R> Column<R> text(String name, Function<R, String> value) {
        return new Column<>(name, "text", value);
    }

    public static <R> Column<R> float8(String name, Function<R, Double> value) {
        return new Column<>(name, "float8", value);
    }

    public static <R> Column<R> int4(String name, Function<R, Integer> value) {
        return new Column<>(name, "int4", value);
    }

    public static <R> Column<R> bool(String name, Function<R, Boolean> value) {
        return new Column<>(name, "bool", value);
    }

    /** ISO 8601 in UTC ({@link Instant#toString()}), which {@code timestamptz} reads exactly. */
    public static <R> Column<R> time(String name, Function<R, Instant> value) {
        return new Column<>(name, "timestamptz", value);
    }

    /**
     * Appends this column's value for {@code record} as a COPY text field: {@code \N}, or the value escaped.
     * {@link String#replace} returns the string itself when the character is absent, the usual case, which made this
     * faster than one pass copying char by char (ColumnEscapingBenchmark).
     */
    void appendField(StringBuilder row, R record) {
        Object v = value.apply(record);
        row.append(v == null ? "\\N" : v.toString().replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                .replace("\r", "\\r"));
    }

    /** Appends this column's value for {@code record} as an array element: NULL, a number, or a quoted string. */
    void appendElement(StringBuilder literal, R record) {
        Object v = value.apply(record);
        if (v == null) {
            literal.append("NULL");
        } else if (!type.equals("text")) {
            literal.append(v);
        } else {
            literal.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
    }
}
