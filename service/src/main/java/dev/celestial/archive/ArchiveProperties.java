package dev.celestial.archive;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The yearly archive.
 *
 * @param enabled whether this instance runs the mover on a schedule (the admin endpoint runs it either way)
 * @param age events older than this move to the archive ({@code 2y}); reads include the archive by default
 *            when their time range reaches before now minus this
 * @param batchSize rows moved per transaction
 * @param maxBatches most batches per table in one run, so a run over a large backlog ends and the next continues
 * @param interval pause between the end of one scheduled run and the start of the next
 * @param initialDelay wait after start-up before the first scheduled run
 * @param lockTimeout how long a batch waits for the live table's write lock (held by an ingestion request) before
 *                    the run stops, to go on at the next one
 * @param batchTimeout bound on one batch's transaction
 */
@Validated
@ConfigurationProperties("celestial.archive")
public record ArchiveProperties(boolean enabled, @NotNull Period age, @Min(1) @Max(100_000) int batchSize,
                                @Min(1) int maxBatches, @NotNull Duration interval, @NotNull Duration initialDelay,
                                @NotNull Duration lockTimeout, @NotNull Duration batchTimeout) {
}
