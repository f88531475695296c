package dev.celestial.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One kind of event that plugs into the ingestion pipeline: how to read its own JSON records,
 * which native upstream formats it accepts, and its {@link Table}, from which the columns it stages
 * and the SQL that merges a staged chunk into the table by natural key are derived.
 *
 * @param <R> the kind's record
 */
public interface IngestKind<R> {

    /** The path segment under {@code /api/v1/} and the name in the batch log, e.g. {@code earthquakes}. */
    String name();

    /** The table the kind writes (locked against other writers while a request writes it), declared column by column. */
    Table<R> table();

    /** Reads one record of the service's own format (camelCase JSON), reporting problems to {@code fields}. */
    R read(Fields fields);

    /** Native upstream formats by their {@code ?format=} name. */
    default Map<String, NativeFormat<R>> nativeFormats() {
        return Map.of();
    }

    /** The columns bound per chunk, each as one array parameter named after the column. */
    default List<Column<R>> columns() {
        return table().staged();
    }

    /** The columns by name, each read from a record; built anew at each call, so a caller keeps it for a chunk. */
    default Map<String, Function<R, ?>> columnsByName() {
        Map<String, Function<R, ?>> byName = new HashMap<>();
        columns().forEach(column -> byName.put(column.name(), column.value()));
        return byName;
    }

    /**
     * How chunks whose keys are all new may go straight into {@link #table()} with COPY, or null
     * when every chunk goes through the table's {@link Table#upsert() upsert}.
     */
    default DirectCopy<R> directCopy() {
        return null;
    }
}
