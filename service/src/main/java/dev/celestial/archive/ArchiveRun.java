package dev.celestial.archive;

import java.time.Instant;
import java.util.List;

/**
 * What one run of the mover did, per table: rows moved, batches committed, partitions created (their years),
 * and how it ended: {@code done} (nothing older than the cutoff left), {@code more} (stopped at
 * {@code max-batches}), {@code busy} (another instance is moving), {@code locked} (an ingestion request held
 * the table past {@code lock-timeout}) or {@code failed} (the batch under way rolled back; see {@code problem}).
 */
public record ArchiveRun(Instant cutoff, List<TableRun> tables, long millis) {

    public record TableRun(String table, long moved, int batches, List<Integer> partitionsCreated, String outcome, String problem) {
    }

    public long moved() {
        return tables.stream().mapToLong(TableRun::moved).sum();
    }
}
