package dev.celestial.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A kind's table, declared once: its columns in order (each made from one or more staged {@link Column}s,
 * by default the staged column of the same name), its natural key, and which of two rows with one key is
 * newer. The upsert, the staged columns bound per chunk and the COPY columns are all derived from it.
 *
 * @param <R> the kind's record
 */
public final class Table<R> {

    /** One column of the table: the staged columns it is made of, how SQL makes it from {@code s}, how COPY writes it. */
    private record Stored<R>(String name, List<Column<R>> staged, String select, Function<R, ?> copied, boolean key,
                             boolean compared) {
    }

    private final String name;
    private final List<Stored<R>> columns;
    private final List<Column<R>> staged;
    private final String upsert;

    private Table(Builder<R> builder) {
        this.name = builder.name;
        this.columns = List.copyOf(builder.columns);
        this.staged = columns.stream().flatMap(column -> column.staged().stream()).toList();
        this.upsert = upsert(builder);
    }

    /** Starts the declaration of {@code table} (schema-qualified). */
    public static <R> Builder<R> of(String table) {
        return new Builder<>(table);
    }

    /** The table's schema-qualified name. */
    public String name() {
        return name;
    }

    /** The columns bound per chunk, each as one array parameter named after the column. */
    public List<Column<R>> staged() {
        return staged;
    }

    /**
     * SQL upserting one chunk, given as arrays ({@code unnest(:ord::int8[], :<column>::<type>[], ...)},
     * {@code ord} being each record's position in the request): keeps one record per natural key (the
     * newest revision, then the last posted), inserts in key order, never lets an older revision
     * overwrite a newer one, and ends {@code RETURNING (xmax = 0) AS inserted}, true for new rows.
     */
    public String upsert() {
        return upsert;
    }

    /** The table's columns as COPY writes them, in order; fails for a column declared without a COPY form. */
    public List<Column<R>> copied() {
        return columns.stream().map(column -> {
            if (column.copied() == null) {
                throw new IllegalStateException(name + "." + column.name() + " has no COPY form");
            }
            return new Column<R>(column.name(), "text", column.copied());
        }).toList();
    }

    private String upsert(Builder<R> builder) {
        List<String> keys = columns.stream().filter(Stored::key).map(Stored::name).toList();
        List<String> updated = columns.stream().filter(column -> !column.key()).map(Stored::name).toList();
        String condition = builder.condition;
        if (condition == null) {
            List<String> compared = columns.stream().filter(column -> !column.key() && column.compared()).map(Stored::name).toList();
            condition = "(" + list(compared, "t.%s") + ")\n       IS DISTINCT FROM (" + list(compared, "EXCLUDED.%s") + ")";
        }
        Stream<String> order = Stream.concat(keys.stream().map(key -> "s." + key),
                Stream.concat(builder.newestFirst.stream(), Stream.of("s.ord DESC")));
        Stream<String> sets = Stream.concat(updated.stream().map(column -> column + " = EXCLUDED." + column),
                builder.stampsUpdatedAt ? Stream.of("updated_at = now()") : Stream.empty());
        return "INSERT INTO " + name + " AS t (" + list(columns.stream().map(Stored::name).toList(), "%s") + ")\n"
                + "SELECT DISTINCT ON (" + list(keys, "s.%s") + ") " + columns.stream().map(Stored::select).collect(Collectors.joining(", ")) + "\n"
                + "  FROM unnest(:ord::int8[], " + staged.stream().map(c -> ":" + c.name() + "::" + c.type() + "[]").collect(Collectors.joining(", ")) + ")\n"
                + "       AS s(ord, " + list(staged.stream().map(Column::name).toList(), "%s") + ")\n"
                + (builder.filter == null ? "" : builder.filter.strip() + "\n")
                + " ORDER BY " + order.collect(Collectors.joining(", ")) + "\n"
                + "ON CONFLICT (" + list(keys, "%s") + ") DO UPDATE\n"
                + "   SET " + sets.collect(Collectors.joining(", ")) + "\n"
                + " WHERE " + condition + "\n"
                + "RETURNING (xmax = 0) AS inserted";
    }

    private static String list(List<String> names, String format) {
        return names.stream().map(format::formatted).collect(Collectors.joining(", "));
    }

    /** The declaration of a table, column by column in the table's order. */
    public static final class Builder<R> {
        private final String name;
        private final List<Stored<R>> columns = new ArrayList<>();
        private String filter;
        private final List<String> newestFirst = new ArrayList<>();
        private String condition;
        private boolean stampsUpdatedAt;

        private Builder(String name) {
            this.name = name;
        }

        /** A column of the natural key (in key order), written as staged. */
        public Builder<R> key(Column<R> column) {
            return add(new Stored<>(column.name(), List.of(column), "s." + column.name(), column.value(), true, true));
        }

        /** A column written as staged. */
        public Builder<R> column(Column<R> column) {
            return add(new Stored<>(column.name(), List.of(column), "s." + column.name(), column.value(), false, true));
        }

        /** A column made from the staged one by {@code select} (SQL over {@code s}); chunks of this table never go by COPY. */
        public Builder<R> column(Column<R> column, String select) {
            return add(new Stored<>(column.name(), List.of(column), select, null, false, true));
        }

        /** A column made from the staged one by {@code select}, which COPY writes as {@code copied} gives it. */
        public Builder<R> column(Column<R> column, String select, Function<R, ?> copied) {
            return add(new Stored<>(column.name(), List.of(column), select, copied, false, true));
        }

        /**
         * A column that follows from the key (the same epoch in another form, say): written on update, but
         * not compared when {@link #updatedWhenChanged() updates are by change}.
         */
        public Builder<R> followsKey(Column<R> column) {
            return add(new Stored<>(column.name(), List.of(column), "s." + column.name(), column.value(), false, false));
        }

        /**
         * A {@code geography} point in WGS 84 made from staged degrees; COPY writes it as EWKT, which
         * {@code geography} reads exactly.
         */
        public Builder<R> point(String column, Column<R> latitude, Column<R> longitude) {
            String select = "ST_SetSRID(ST_MakePoint(s." + longitude.name() + ", s." + latitude.name() + "), 4326)::geography";
            Function<R, ?> ewkt = record -> "SRID=4326;POINT(" + longitude.value().apply(record) + " " + latitude.value().apply(record) + ")";
            return add(new Stored<>(column, List.of(latitude, longitude), select, ewkt, false, true));
        }

        /** Staged rows kept out of the table: a {@code WHERE} clause over {@code s}, comments allowed. */
        public Builder<R> skip(String where) {
            this.filter = where;
            return this;
        }

        /**
         * The newer of two rows has the later {@code column}, which may be null: null sorts as the oldest, and a
         * row without it never replaces one with it.
         */
        public Builder<R> newerBy(String column) {
            return newerWhen(List.of("s." + column + " DESC NULLS LAST"), "EXCLUDED." + column + " > t." + column
                    + "\n    OR (t." + column + " IS NULL AND EXCLUDED." + column + " IS NOT NULL)");
        }

        /** The newer of two rows has the later {@code column}, which is never null. */
        public Builder<R> newerByRequired(String column) {
            return newerWhen(List.of("s." + column + " DESC"), "EXCLUDED." + column + " > t." + column);
        }

        /**
         * The newer of two rows comes first in {@code newestFirst} (ORDER BY terms over {@code s}) and replaces
         * a stored one where {@code condition} holds (over {@code EXCLUDED} and {@code t}).
         */
        public Builder<R> newerWhen(List<String> newestFirst, String condition) {
            this.newestFirst.addAll(newestFirst);
            this.condition = condition;
            return this;
        }

        /**
         * No revision: of one key, the last posted wins, and a stored row is updated only where a compared
         * column changed ({@code IS DISTINCT FROM}). The default.
         */
        public Builder<R> updatedWhenChanged() {
            this.newestFirst.clear();
            this.condition = null;
            return this;
        }

        /** An update also sets the table's {@code updated_at} to now. */
        public Builder<R> stampsUpdatedAt() {
            this.stampsUpdatedAt = true;
            return this;
        }

        public Table<R> build() {
            if (columns.stream().noneMatch(Stored::key)) {
                throw new IllegalStateException(name + " declares no key column");
            }
            return new Table<>(this);
        }

        private Builder<R> add(Stored<R> column) {
            columns.add(column);
            return this;
        }
    }
}
