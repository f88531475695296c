package dev.celestial.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and sizes of the ingestion pipeline.
 *
 * @param chunkSize records staged per statement
 * @param maxBodySize largest request body in the service's own streamed formats
 * @param maxLineSize largest NDJSON line or JSON array element
 * @param maxNativeSize largest native document read whole (SBDB, Sentry, Horizons' JSON wrapper); the others stream
 * @param maxRecords most records one request may carry
 * @param bodyStallTimeout longest the body may stall while the service waits for more of it (a slow or
 *                         stuck sender would otherwise hold a writer connection and its transaction)
 * @param maxErrors record errors listed in a refusal before reading stops
 * @param lockTimeout how long a request waits for another writing the same table before a 503
 * @param minUploadRate least a body must send per second over each {@code bodyStallTimeout} the service waits for it
 * @param maxFutureSkew how far past now a record's revision time may lie (a source's clock running ahead); a later
 *                      one is refused, as it would win over every real revision until then
 */
@Validated
@ConfigurationProperties("celestial.ingest")
public record IngestProperties(@Min(1) @Max(50_000) int chunkSize, @NotNull DataSize maxBodySize,
                               @NotNull DataSize maxLineSize, @NotNull DataSize maxNativeSize, @Min(1) long maxRecords,
                               @NotNull Duration bodyStallTimeout, @Min(1) @Max(1000) int maxErrors, @NotNull Duration lockTimeout,
                               @NotNull DataSize minUploadRate, @NotNull Duration maxFutureSkew) {
}
