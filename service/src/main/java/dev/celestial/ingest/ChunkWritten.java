package dev.celestial.ingest;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Work that belongs to an ingest request's transaction: told of each chunk once it is written, on
 * the request's writer connection, before the commit. What it writes commits or rolls back with the
 * records (alerts, correlations); an error it answers fails the whole request. Beans of this type
 * are called in their {@code @Order}.
 */
public interface ChunkWritten {

    /**
     * @param kind the kind written
     * @param records the chunk's records as posted (the stored row may be a newer revision: read it by key)
     */
    <R> Mono<Void> written(IngestKind<R> kind, List<R> records);
}
