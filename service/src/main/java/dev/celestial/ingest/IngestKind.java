package dev.celestial.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One kind of event that plugs into the ingestion pipeline: how to read its own JSON records,
 * which native upstream formats it accepts, which columns it stages, and the SQL that merges the
 * staged batch into its table by natural key.
 *
 * @param <R> the kind's record
 */
public interface IngestKind<R> {

    /** The path segment under {@code /api/v1/} and the name in the batch log, e.g. {@code earthquakes}. */
    String name();

    /** The table the kind writes, locked against other writers while a request writes it. */
    String table();

    /** Reads one record of the service's own format (camelCase JSON), reporting problems to {@code fields}. */
    R read(Fields fields);

    /** Native upstream formats by their {@code ?format=} name. */
    default Map<String, NativeFormat<R>> nativeFormats() {
        return Map.of();
    }

    /** The columns bound per chunk, each as one array parameter named after the column. */
    List<Column<R>> columns();

    /** The columns by name, each read from a record; built anew at each call, so a caller keeps it for a chunk. */
    default Map<String, Function<R, ?>> columnsByName() {
        Map<String, Function<R, ?>> byName = new HashMap<>();
        columns().forEach(column -> byName.put(column.name(), column.value()));
        return byName;
    }

    /**
     * SQL upserting one chunk, given as arrays ({@code unnest(:ord::int8[], :<column>::<type>[], ...)},
     * {@code ord} being each record's position in the request): keeps one record per natural key (the
     * newest revision, then the last posted), inserts in key order, never lets an older revision
     * overwrite a newer one, and ends {@code RETURNING (xmax = 0) AS inserted}, true for new rows.
     */
    String upsert();

    /**
     * How chunks whose keys are all new may go straight into {@link #table()} with COPY, or null
     * when every chunk goes through {@link #upsert()}.
     */
    default DirectCopy<R> directCopy() {
        return null;
    }
}
