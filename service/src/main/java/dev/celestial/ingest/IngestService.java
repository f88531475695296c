package dev.celestial.ingest;

import java.lang.reflect.Array;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one ingestion pipeline every kind plugs into: parse the body as it streams in, validate each
 * record, stage records chunk by chunk into a temporary table, then merge the staged batch into the
 * kind's table by natural key, all in one transaction on the primary. Any invalid record, malformed
 * body, limit or database error rolls the whole request back; the batch log records the outcome.
 */
@Service
public class IngestService {

    public static final String OWN_FORMAT = "own";

    /** What a committed request answers: its counts and the WAL position after its commit. */
    public record Receipt(IngestResult result, String consistencyToken) {
    }

    private final DatabaseClient writer;
    private final TransactionalOperator transactions;
    private final BodyReader reader;
    private final IngestProperties properties;

    IngestService(@Qualifier("writer") DatabaseClient writer, @Qualifier("writerTransactions") TransactionalOperator transactions,
                  BodyReader reader, IngestProperties properties) {
        this.writer = writer;
        this.transactions = transactions;
        this.reader = reader;
        this.properties = properties;
    }

    public <R> Mono<Receipt> ingest(IngestKind<R> kind, String format, MediaType contentType, Flux<DataBuffer> body, String client) {
        return Mono.defer(() -> {
            Instant started = Instant.now();
            String formatName = format == null || format.isBlank() ? OWN_FORMAT : format;
            Flux<BodyReader.Item> items;
            Function<Fields, R> read;
            if (formatName.equals(OWN_FORMAT)) {
                items = ownFormat(contentType, body);
                read = kind::read;
            } else {
                NativeFormat<R> nativeFormat = kind.nativeFormats().get(formatName);
                if (nativeFormat == null) {
                    return Mono.error(new InvalidBatchException(InvalidBatchException.Kind.MALFORMED,
                            "unknown format '" + formatName + "' for " + kind.name() + "; known: "
                                    + known(kind), List.of(new RecordError(null, null, "format", "unknown format"))));
                }
                items = nativeFormat.split(body, reader)
                        .index().map(t -> new BodyReader.Item(t.getT2(), new RecordError.Position(t.getT1(), false)));
                read = nativeFormat::read;
            }
            AtomicLong received = new AtomicLong();
            List<RecordError> errors = new ArrayList<>();
            Mono<IngestResult> work = run(kind, items, read, received, errors)
                    .flatMap(result -> log(client, kind, formatName, started, result, "committed", null).thenReturn(result));
            return transactions.transactional(work)
                    .flatMap(result -> walPosition().map(lsn -> new Receipt(result, lsn)))
                    .onErrorResume(error -> log(client, kind, formatName, started,
                            new IngestResult(received.get(), 0, 0, 0),
                            error instanceof InvalidBatchException || error instanceof PayloadTooLargeException ? "rejected" : "failed",
                            error.getMessage())
                            .onErrorResume(logError -> Mono.empty())
                            .then(Mono.error(error)));
        });
    }

    private Flux<BodyReader.Item> ownFormat(MediaType contentType, Flux<DataBuffer> body) {
        if (contentType != null && MediaType.APPLICATION_NDJSON.isCompatibleWith(contentType)) {
            return reader.ndjson(body);
        }
        if (contentType != null && MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
            return reader.jsonArray(body);
        }
        return Flux.error(new UnsupportedMediaTypeStatusException(contentType,
                List.of(MediaType.APPLICATION_NDJSON, MediaType.APPLICATION_JSON)));
    }

    private <R> Mono<IngestResult> run(IngestKind<R> kind, Flux<BodyReader.Item> items, Function<Fields, R> read,
                                       AtomicLong received, List<RecordError> errors) {
        Flux<R> records = items
                .takeWhile(item -> errors.size() < properties.maxErrors())
                .handle((item, sink) -> {
                    received.incrementAndGet();
                    Fields fields = new Fields(item.node(), item.position(), errors);
                    R record = read.apply(fields);
                    if (errors.isEmpty()) {
                        sink.next(record);
                    }
                });
        return records.index().buffer(properties.chunkSize())
                // prefetch: the next chunk is parsed while the database writes this one
                .concatMap(chunk -> upsert(kind, chunk), 2)
                .reduce(new long[2], (sum, counts) -> new long[] {sum[0] + counts[0], sum[1] + counts[1]})
                .flatMap(counts -> errors.isEmpty()
                        ? Mono.just(new IngestResult(received.get(), counts[0], counts[1], received.get() - counts[0] - counts[1]))
                        : Mono.error(invalid(errors)));
    }

    private static InvalidBatchException invalid(List<RecordError> errors) {
        RecordError first = errors.get(0);
        String where = first.line() != null ? "line " + first.line() : "record " + first.index();
        return new InvalidBatchException(InvalidBatchException.Kind.INVALID,
                errors.size() + " invalid field(s), the first at " + where + ": "
                        + (first.field() == null ? "" : first.field() + " ") + first.message(), errors);
    }

    /** Upserts one chunk; answers {inserted, updated}. */
    private <R> Mono<long[]> upsert(IngestKind<R> kind, List<Tuple2<Long, R>> chunk) {
        DatabaseClient.GenericExecuteSpec spec = writer.sql("WITH merged AS (" + kind.upsert() + """
                )
                SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
                  FROM merged""")
                .bind("ord", chunk.stream().map(Tuple2::getT1).toArray(Long[]::new));
        for (Column<R> column : kind.columns()) {
            Object values = Array.newInstance(column.javaType(), chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                Array.set(values, i, column.value().apply(chunk.get(i).getT2()));
            }
            spec = spec.bind(column.name(), values);
        }
        return spec.map(row -> new long[] {row.get("inserted", Long.class), row.get("updated", Long.class)}).one();
    }

    private Mono<String> walPosition() {
        return writer.sql("SELECT pg_current_wal_insert_lsn()::text AS lsn").map(row -> row.get("lsn", String.class)).one();
    }

    private Mono<Void> log(String client, IngestKind<?> kind, String format, Instant started, IngestResult result,
                           String outcome, String problem) {
        ObjectNode details = reader.mapper().createObjectNode();
        if (problem != null) {
            details.put("problem", problem.length() > 2000 ? problem.substring(0, 2000) : problem);
        }
        DatabaseClient.GenericExecuteSpec spec = writer.sql("""
                        INSERT INTO celestial.ingestion_batches (client, kind, format, received, inserted, updated, unchanged,
                                                                 started_at, duration_ms, outcome, details)
                        VALUES (:client, :kind, :format, :received, :inserted, :updated, :unchanged,
                                :startedAt, :durationMs, :outcome, :details::jsonb)""")
                .bind("kind", kind.name())
                .bind("format", format)
                .bind("received", result.received())
                .bind("inserted", result.inserted())
                .bind("updated", result.updated())
                .bind("unchanged", result.unchanged())
                .bind("startedAt", started.atOffset(ZoneOffset.UTC))
                .bind("durationMs", (System.currentTimeMillis() - started.toEpochMilli()) * 1.0)
                .bind("outcome", outcome)
                .bind("details", details.toString());
        return (client == null ? spec.bindNull("client", String.class) : spec.bind("client", client)).then();
    }

    private static String known(IngestKind<?> kind) {
        return kind.nativeFormats().keySet().stream().sorted().collect(Collectors.joining(", ", OWN_FORMAT + ", ", ""));
    }

}
