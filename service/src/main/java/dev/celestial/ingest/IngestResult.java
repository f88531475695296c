package dev.celestial.ingest;

/** What one ingestion request did: records received, and of those inserted, updated, or left unchanged. */
public record IngestResult(long received, long inserted, long updated, long unchanged) {
}
