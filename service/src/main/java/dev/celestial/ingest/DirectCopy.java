package dev.celestial.ingest;

import java.util.List;
import java.util.function.Function;

/**
 * The fast path for chunks of keys the table does not hold yet: COPY them straight into the table,
 * which PostgreSQL writes in multi-row batches, instead of upserting row by row. The pipeline takes
 * it only when the chunk's keys are distinct and {@code existing} finds none of them, which nothing
 * can change meanwhile because the request holds the table's write lock.
 *
 * @param key the record's natural key
 * @param existing SQL counting rows of the table whose key is in {@code :keys} (a text array)
 * @param columns the table's columns as COPY writes them, in order
 * @param <R> the kind's record
 */
public record DirectCopy<R>(Function<R, String> key, String existing, List<Column<R>> columns) {
}
