package dev.celestial.correlation;

import dev.celestial.ingest.IngestKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The natural keys of a written chunk, read from the records through the kind's own ingest columns;
 * {@code second} holds an eruption's start (ISO 8601) beside its volcano number, else null.
 */
record Keys(String[] first, String[] second) {

    static <R> Keys of(IngestKind<R> kind, EventKind eventKind, List<R> records) {
        List<String> names = eventKind.keyColumns();
        Map<String, Function<R, ?>> columns = kind.columnsByName();
        Function<R, ?> a = Objects.requireNonNull(columns.get(names.get(0)), () -> kind.name() + " has no column " + names.get(0));
        Function<R, ?> b = names.size() > 1 ? Objects.requireNonNull(columns.get(names.get(1)), () -> kind.name() + " has no column " + names.get(1)) : null;
        String[] first = new String[records.size()];
        String[] second = b == null ? null : new String[records.size()];
        for (int i = 0; i < records.size(); i++) {
            first[i] = String.valueOf(a.apply(records.get(i)));
            if (b != null) {
                second[i] = String.valueOf(b.apply(records.get(i)));
            }
        }
        return new Keys(first, second);
    }
}
