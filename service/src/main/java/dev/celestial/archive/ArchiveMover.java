package dev.celestial.archive;

import dev.celestial.archive.ArchiveRun.TableRun;
import dev.celestial.db.DatabaseErrors;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Moves events older than the cutoff from the live tables into their yearly archives, on the primary as the
 * writer. Each batch is one transaction: it takes the instance-wide advisory lock (transaction-scoped, so it
 * works through PgBouncer in transaction mode), the live table's write lock, creates the partitions its rows
 * need, then deletes the rows and inserts them into the archive in one statement, and commits only when
 * the counts deleted, archived and keyed agree. An interrupted run loses nothing: the batch under way rolls
 * back whole, and the next run starts from the oldest row still live.
 */
@Service
public class ArchiveMover {

    private static final Logger log = LoggerFactory.getLogger(ArchiveMover.class);
    // one mover at a time across instances; a batch that cannot have it stops the run (another is moving)
    private static final String ADVISORY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('celestial.archive')) AS locked";

    private final DatabaseClient writer;
    private final TransactionalOperator transactions;
    private final ArchiveProperties properties;
    private final ArchiveCutoff cutoff;
    private final MeterRegistry meters;

    ArchiveMover(@Qualifier("writer") DatabaseClient writer, @Qualifier("writerTransactions") TransactionalOperator transactions,
                 ArchiveProperties properties, ArchiveCutoff cutoff, MeterRegistry meters) {
        this.writer = writer;
        this.transactions = transactions;
        this.properties = properties;
        this.cutoff = cutoff;
        this.meters = meters;
    }

    /** One run over the three tables, one after the other, up to {@code max-batches} each. */
    public Mono<ArchiveRun> run() {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            Instant before = cutoff.now();
            return Flux.fromArray(ArchivedTable.values())
                    .concatMap(table -> moveAll(table, before))
                    .collectList()
                    .map(tables -> new ArchiveRun(before, tables, (System.nanoTime() - started) / 1_000_000))
                    .doOnNext(run -> log.info("archive run before {}: {} rows moved in {} ms {}", run.cutoff(), run.moved(),
                            run.millis(), run.tables()));
        });
    }

    /** What one committed (or refused) batch did. */
    private record Batch(int number, long moved, List<Integer> created, boolean busy) {
    }

    private Mono<TableRun> moveAll(ArchivedTable table, Instant before) {
        List<Integer> created = new ArrayList<>();
        long[] moved = new long[1];
        int[] batches = new int[1];
        // expand subscribes to the next batch only once the previous one has committed
        return batch(table, before, 1)
                .expand(last -> last.busy() || last.moved() < properties.batchSize() || last.number() >= properties.maxBatches()
                        ? Mono.empty() : batch(table, before, last.number() + 1))
                .doOnNext(batch -> {
                    created.addAll(batch.created());
                    moved[0] += batch.moved();
                    batches[0] += batch.moved() > 0 ? 1 : 0;
                    meters.counter("celestial.archive.moved", "table", table.table).increment(batch.moved());
                })
                .last()
                .map(last -> new TableRun(table.table, moved[0], batches[0], List.copyOf(created), last.busy() ? "busy"
                        : last.moved() == properties.batchSize() ? "more" : "done", null))
                .onErrorResume(error -> {
                    boolean locked = DatabaseErrors.isLockNotAvailable(error);
                    if (!locked) {
                        log.warn("archive of {} stopped after {} rows: {}", table.table, moved[0], error.toString());
                    }
                    return Mono.just(new TableRun(table.table, moved[0], batches[0], List.copyOf(created),
                            locked ? "locked" : "failed", error.getMessage()));
                });
    }

    /** One batch in its own transaction, bounded by {@code batch-timeout} (past it, the batch rolls back). */
    private Mono<Batch> batch(ArchivedTable table, Instant before, int number) {
        Mono<Batch> work = writer.sql(ADVISORY_LOCK).map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class))).one()
                .flatMap(locked -> !locked ? Mono.just(new Batch(number, 0, List.of(), true))
                        : writer.sql("SELECT set_config('lock_timeout', :timeout, true)")
                                .bind("timeout", properties.lockTimeout().toMillis() + "ms").then()
                                .then(writer.sql(table.lock).then())
                                .then(partitions(table, before))
                                .flatMap(created -> move(table, before).map(moved -> new Batch(number, moved, created, false))));
        return transactions.transactional(work).timeout(properties.batchTimeout());
    }

    /** Creates the partitions the batch's rows need (their years), in the batch's transaction; answers the years created. */
    private Mono<List<Integer>> partitions(ArchivedTable table, Instant before) {
        return writer.sql(table.partitions).bind("cutoff", before).bind("batchSize", properties.batchSize())
                .map(row -> Boolean.TRUE.equals(row.get("created", Boolean.class)) ? row.get("year", Integer.class) : -1)
                .all()
                .filter(year -> year >= 0)
                .collectList();
    }

    /** Moves the batch; answers the rows moved once deleted, archived and keyed agree, or fails the transaction. */
    private Mono<Long> move(ArchivedTable table, Instant before) {
        return writer.sql(table.move).bind("cutoff", before).bind("batchSize", properties.batchSize())
                .map(row -> new long[] {row.get("deleted", Long.class), row.get("archived", Long.class), row.get("keyed", Long.class)})
                .one()
                .flatMap(counts -> counts[0] == counts[1] && counts[1] == counts[2] ? Mono.just(counts[0])
                        : Mono.error(new IllegalStateException("archive batch of " + table.table + " rolled back: deleted "
                                + counts[0] + ", archived " + counts[1] + ", keyed " + counts[2])));
    }
}
