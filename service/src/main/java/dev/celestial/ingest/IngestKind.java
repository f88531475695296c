package dev.celestial.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One kind of event that plugs into the ingestion pipeline: how to read its own JSON records,
 * which native upstream formats it accepts, and its {@link Table}, from which the columns it stages
 * and the SQL that merges a staged chunk into the table by natural key are derived.
 *
 * @param <R> the kind's record
 */
public abstract class IngestKind<R> {

    private final String name;
    private final String eventKind;
    private final Table<R> table;
    private final Set<String> fields;
    private final Watch<R> watch;

    /**
     * @param name      the path segment under {@code /api/v1/} and the name in the batch log, e.g. {@code earthquakes}
     * @param eventKind the kind's name in triggers, alerts, rules and signs ({@code event_kind}), e.g. {@code earthquake}
     * @param table     the table the kind writes, declared column by column
     * @param fields    the field names a record of the service's own format may carry; any other is refused
     */
    protected IngestKind(String name, String eventKind, Table<R> table, Set<String> fields) {
        this(name, eventKind, table, fields, null);
    }

    /** A kind triggers can watch, as {@code watch} declares. */
    protected IngestKind(String name, String eventKind, Table<R> table, Set<String> fields, Watch<R> watch) {
        this.name = name;
        this.eventKind = eventKind;
        this.table = table;
        this.fields = Set.copyOf(fields);
        this.watch = watch;
    }

    public final String name() {
        return name;
    }

    public final String eventKind() {
        return eventKind;
    }

    /** The table the kind writes (locked against other writers while a request writes it). */
    public final Table<R> table() {
        return table;
    }

    /** The field names a record of the service's own format may carry. */
    public final Set<String> fields() {
        return fields;
    }

    /** Reads one record of the service's own format (camelCase JSON), reporting problems to {@code fields}. */
    public final R read(Fields fields) {
        fields.onlyKnown(this.fields);
        return record(fields);
    }

    /** Builds the record from fields already known to be the kind's, reporting problems to {@code fields}. */
    protected abstract R record(Fields fields);

    /** What triggers may watch of the kind's stored events, or null when no trigger can watch it. */
    public final Watch<R> watch() {
        return watch;
    }

    /** Native upstream formats by their {@code ?format=} name. */
    public Map<String, NativeFormat<R>> nativeFormats() {
        return Map.of();
    }

    /** The columns bound per chunk, each as one array parameter named after the column. */
    public List<Column<R>> columns() {
        return table().staged();
    }

    /** The columns by name, each read from a record; built anew at each call, so a caller keeps it for a chunk. */
    public Map<String, Function<R, ?>> columnsByName() {
        Map<String, Function<R, ?>> byName = new HashMap<>();
        columns().forEach(column -> byName.put(column.name(), column.value()));
        return byName;
    }

    /**
     * How chunks whose keys are all new may go straight into {@link #table()} with COPY, or null
     * when every chunk goes through the table's {@link Table#upsert() upsert}.
     */
    public DirectCopy<R> directCopy() {
        return null;
    }
}
