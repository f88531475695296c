package dev.celestial.ingest;

import dev.celestial.db.DriverConnection;
import dev.celestial.web.ClientGone;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one ingestion pipeline every kind plugs into: parse the body as it streams in, validate each
 * record, then write it chunk by chunk (COPY when every key is new, else the kind's upsert) into the
 * kind's table by natural key, all in one transaction on the primary. Any invalid record, malformed
 * body, limit or database error rolls the whole request back; the batch log records the outcome.
 */
@Service
public class IngestService {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    public static final String OWN_FORMAT = "own";

    /** What a committed request answers: its counts and the WAL position after its commit. */
    public record Receipt(IngestResult result, String consistencyToken) {
    }

    private final DatabaseClient writer;
    private final TransactionalOperator transactions;
    private final BodyReader reader;
    private final IngestProperties properties;
    private final List<ChunkWritten> afterChunk;

    IngestService(@Qualifier("writer") DatabaseClient writer, @Qualifier("writerTransactions") TransactionalOperator transactions,
                  BodyReader reader, IngestProperties properties, List<ChunkWritten> afterChunk) {
        this.writer = writer;
        this.transactions = transactions;
        this.reader = reader;
        this.properties = properties;
        this.afterChunk = List.copyOf(afterChunk);
    }

    /**
     * @param client the API client sending the batch, recorded in its {@code ingestion_batches} row
     * @param charge told how many records the request sent, however it ended (for the client's rate limit)
     */
    public <R> Mono<Receipt> ingest(IngestKind<R> kind, String format, MediaType contentType, Flux<DataBuffer> body, UUID client,
                                    LongConsumer charge) {
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
            // the transaction (a writer connection, then the table lock) begins only once the first chunk is parsed
            // or the body has ended: a sender that is slow to start holds nothing on the database
            Mono<IngestResult> work = chunks(items, read, received, errors).switchOnFirst((first, chunks) -> {
                if (first.isOnError()) {
                    return Mono.error(first.getThrowable());
                }
                if (first.isOnComplete() && !errors.isEmpty()) {
                    return Mono.error(invalid(errors));
                }
                return transactions.transactional(writeAll(kind, chunks, received, errors)
                        .flatMap(result -> log(client, kind, formatName, started, result, "committed", null).thenReturn(result)));
            }).next();
            // one outcome row per request outside the transaction: a client going away can both fail the body and
            // cancel the request, and only the first of the two is recorded. The row is written even when the request
            // is cancelled while writing it (suppressCancel: the INSERT then finishes on its own, bounded by the writer's
            // statement timeout): the first one claimed the row, so no other would
            AtomicBoolean outcomeLogged = new AtomicBoolean();
            BiFunction<String, String, Mono<Void>> logOutcome = (outcome, problem) -> outcomeLogged.compareAndSet(false, true)
                    ? Mono.fromFuture(() -> log(client, kind, formatName, started, new IngestResult(received.get(), 0, 0, 0),
                            outcome, problem).onErrorResume(logError -> {
                                LOG.warn("the outcome '{}' of a {} upload was not recorded: {}", outcome, kind.name(), logError.toString());
                                return Mono.empty();
                            }).toFuture(), true)
                    : Mono.empty();
            Mono<Receipt> attempt = work
                    .flatMap(result -> walPosition().map(lsn -> new Receipt(result, lsn)))
                    .onErrorResume(error -> logOutcome.apply(outcome(error), error.getMessage()).then(Mono.error(error)));
            // a client that goes away cancels the request: the transaction rolls back, and the log still says so
            return Mono.usingWhen(Mono.just(received), counted -> attempt, counted -> Mono.empty(), (counted, error) -> Mono.empty(),
                    counted -> logOutcome.apply("cancelled", "the client went away before the answer"))
                    .doFinally(signal -> charge.accept(received.get()));
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

    /** The body's valid records in chunks of {@code chunk-size}, each record with its position in the request. */
    private <R> Flux<List<Tuple2<Long, R>>> chunks(Flux<BodyReader.Item> items, Function<Fields, R> read,
                                                   AtomicLong received, List<RecordError> errors) {
        // records are read, validated and chunked on a worker, never on the event loop that serves the database connection
        Instant latestRevision = Instant.now().plus(properties.maxFutureSkew());
        Flux<R> records = items.publishOn(Schedulers.parallel(), 512)
                .takeWhile(item -> errors.size() < properties.maxErrors())
                .handle((item, sink) -> {
                    if (received.incrementAndGet() > properties.maxRecords()) {
                        sink.error(new PayloadTooLargeException("more than " + properties.maxRecords() + " records in one request"));
                        return;
                    }
                    Fields fields = new Fields(item.node(), item.position(), errors, latestRevision);
                    R record = read.apply(fields);
                    if (errors.isEmpty()) {
                        sink.next(record);
                    }
                });
        return records.index().buffer(properties.chunkSize());
    }

    /** Writes the chunks in the current transaction; answers the counts, or the invalid records once the body has ended. */
    private <R> Mono<IngestResult> writeAll(IngestKind<R> kind, Flux<List<Tuple2<Long, R>>> chunks, AtomicLong received,
                                         List<RecordError> errors) {
        // one writing request per table at a time: requests with overlapping keys queue here instead of deadlocking;
        // enable_seqscan off: key checks probe the unique index even when the table was empty at its last ANALYZE
        Mono<Void> locked = writer.sql("SET LOCAL lock_timeout = '" + properties.lockTimeout().toMillis() + "ms';"
                        + " SET LOCAL enable_seqscan = off; LOCK TABLE " + kind.table().name() + " IN SHARE ROW EXCLUSIVE MODE")
                .then()
                .cache();
        Writes<R> writes = Writes.of(kind);
        return chunks
                // encoded here, on the worker; written one chunk at a time, in order, while the next ones are encoded.
                // A body that fails (over max-records, say) waits for the chunk being written: a COPY cancelled
                // mid-stream would leave the connection in copy mode, and the rollback waiting behind it
                .map(chunk -> Tuples.of(chunk, write(writes, chunk)))
                .concatMapDelayError(write -> locked.then(write.getT2()).flatMap(counts -> written(kind, write.getT1()).thenReturn(counts)),
                        false, 2)
                .reduce(new long[2], (sum, counts) -> new long[] {sum[0] + counts[0], sum[1] + counts[1]})
                .flatMap(counts -> errors.isEmpty()
                        ? Mono.just(new IngestResult(received.get(), counts[0], counts[1], received.get() - counts[0] - counts[1]))
                        : Mono.error(invalid(errors)));
    }

    /** Tells every {@link ChunkWritten} of a written chunk, one after the other, in the request's transaction. */
    private <R> Mono<Void> written(IngestKind<R> kind, List<Tuple2<Long, R>> chunk) {
        if (afterChunk.isEmpty()) {
            return Mono.empty();
        }
        List<R> records = chunk.stream().map(Tuple2::getT2).toList();
        return Flux.fromIterable(afterChunk).concatMap(listener -> listener.written(kind, records)).then();
    }

    private static InvalidBatchException invalid(List<RecordError> errors) {
        RecordError first = errors.get(0);
        String where = first.line() != null ? "line " + first.line() : "record " + first.index();
        return new InvalidBatchException(InvalidBatchException.Kind.INVALID,
                errors.size() + " invalid field(s), the first at " + where + ": "
                        + (first.field() == null ? "" : first.field() + " ") + first.message(), errors);
    }

    /** What every chunk of a request is written with, worked out once per request. */
    private record Writes<R>(List<Column<R>> columns, String upsert, DirectCopy<R> copy, Column<R> key, String copyIn) {

        static <R> Writes<R> of(IngestKind<R> kind) {
            String upsert = "WITH merged AS (" + kind.table().upsert() + """
                    )
                    SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
                      FROM merged""";
            DirectCopy<R> copy = kind.directCopy();
            return copy == null ? new Writes<>(kind.columns(), upsert, null, null, null)
                    : new Writes<>(kind.columns(), upsert, copy, Column.text("key", copy.key()), "COPY " + kind.table().name() + " ("
                            + copy.columns().stream().map(Column::name).collect(Collectors.joining(", ")) + ") FROM STDIN");
        }
    }

    /**
     * Encodes one chunk now and answers the writing of it, which answers {inserted, updated}: COPY when
     * every key is new, the kind's upsert otherwise.
     */
    private <R> Mono<long[]> write(Writes<R> writes, List<Tuple2<Long, R>> chunk) {
        DirectCopy<R> copy = writes.copy();
        if (copy == null) {
            return upsert(writes, chunk);
        }
        Set<String> keys = new HashSet<>();
        StringBuilder keyLiteral = new StringBuilder(chunk.size() * 16).append('{');
        for (Tuple2<Long, R> row : chunk) {
            if (!keys.add(copy.key().apply(row.getT2()))) {
                return upsert(writes, chunk);
            }
            writes.key().appendElement(keyLiteral.length() > 1 ? keyLiteral.append(',') : keyLiteral, row.getT2());
        }
        byte[] rows = copyRows(copy, chunk);
        return writer.sql(copy.existing()).bind("keys", keyLiteral.append('}').toString())
                .map(row -> row.get("existing", Long.class)).one()
                .flatMap(existing -> existing == 0
                        ? copyIn(writes.copyIn(), rows).map(inserted -> new long[] {inserted, 0})
                        : Mono.defer(() -> upsert(writes, chunk)).subscribeOn(Schedulers.parallel()));
    }

    private static <R> byte[] copyRows(DirectCopy<R> copy, List<Tuple2<Long, R>> chunk) {
        StringBuilder text = new StringBuilder(chunk.size() * 256);
        for (Tuple2<Long, R> row : chunk) {
            for (int i = 0; i < copy.columns().size(); i++) {
                copy.columns().get(i).appendField(i == 0 ? text : text.append('\t'), row.getT2());
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Mono<Long> copyIn(String sql, byte[] rows) {
        return writer.inConnection(connection -> DriverConnection.of(connection, "COPY").copyIn(sql, Mono.fromSupplier(() -> Unpooled.wrappedBuffer(rows))));
    }

    /** Upserts one chunk; answers {inserted, updated}. The array literals are built before the statement is sent. */
    private <R> Mono<long[]> upsert(Writes<R> writes, List<Tuple2<Long, R>> chunk) {
        StringBuilder ord = new StringBuilder(chunk.size() * 8).append('{');
        for (Tuple2<Long, R> row : chunk) {
            (ord.length() > 1 ? ord.append(',') : ord).append(row.getT1());
        }
        DatabaseClient.GenericExecuteSpec spec = writer.sql(writes.upsert()).bind("ord", ord.append('}').toString());
        for (Column<R> column : writes.columns()) {
            StringBuilder literal = new StringBuilder(chunk.size() * 16).append('{');
            for (Tuple2<Long, R> row : chunk) {
                if (literal.length() > 1) {
                    literal.append(',');
                }
                column.appendElement(literal, row.getT2());
            }
            spec = spec.bind(column.name(), literal.append('}').toString());
        }
        return spec.map(row -> new long[] {row.get("inserted", Long.class), row.get("updated", Long.class)}).one();
    }

    private Mono<String> walPosition() {
        return writer.sql("SELECT pg_current_wal_insert_lsn()::text AS lsn").map(row -> row.get("lsn", String.class)).one();
    }

    private Mono<Void> log(UUID client, IngestKind<?> kind, String format, Instant started, IngestResult result,
                           String outcome, String problem) {
        ObjectNode details = reader.mapper().createObjectNode();
        if (problem != null) {
            // jsonb holds no NUL, and a problem may quote the input that had one
            String shown = problem.replace('\0', ' ');
            details.put("problem", shown.length() > 2000 ? shown.substring(0, 2000) : shown);
        }
        DatabaseClient.GenericExecuteSpec spec = writer.sql("""
                        INSERT INTO celestial.ingestion_batches (api_client_id, kind, format, received, inserted, updated, unchanged,
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
        return (client == null ? spec.bindNull("client", UUID.class) : spec.bind("client", client)).then();
    }

    /** How a request that ended in {@code error} is recorded. */
    private static String outcome(Throwable error) {
        if (error instanceof InvalidBatchException || error instanceof PayloadTooLargeException || error instanceof BodyStalledException) {
            return "rejected";
        }
        return ClientGone.is(error) ? "cancelled" : "failed";
    }

    private static String known(IngestKind<?> kind) {
        return kind.nativeFormats().keySet().stream().sorted().collect(Collectors.joining(", ", OWN_FORMAT + ", ", ""));
    }

}
