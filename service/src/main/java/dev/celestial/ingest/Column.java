package dev.celestial.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;

/**
 * One staged column of a kind: its name and PostgreSQL type in the staging table, and how to read
 * it from a record. Chunks are bound as one array per column ({@code unnest($1::text[], ...)}).
 */
public record Column<R>(String name, String sqlType, Class<?> javaType, Function<R, ?> value) {

    public static <R> Column<R> text(String name, Function<R, String> value) {
        return new Column<>(name, "text", String.class, value);
    }

    public static <R> Column<R> float8(String name, Function<R, Double> value) {
        return new Column<>(name, "float8", Double.class, value);
    }

    public static <R> Column<R> int4(String name, Function<R, Integer> value) {
        return new Column<>(name, "int4", Integer.class, value);
    }

    public static <R> Column<R> bool(String name, Function<R, Boolean> value) {
        return new Column<>(name, "bool", Boolean.class, value);
    }

    public static <R> Column<R> time(String name, Function<R, Instant> value) {
        return new Column<>(name, "timestamptz", OffsetDateTime.class,
                value.andThen(instant -> instant == null ? null : instant.atOffset(ZoneOffset.UTC)));
    }
}
