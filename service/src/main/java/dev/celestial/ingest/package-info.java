/**
 * The ingestion pipeline: every kind plugs in through {@link dev.celestial.ingest.IngestKind}; the
 * pipeline parses, validates, stages and merges each request in one transaction on the primary. Layer:
 * above {@code access}, {@code web} and {@code db}; the kinds plug into it.
 */
package dev.celestial.ingest;
