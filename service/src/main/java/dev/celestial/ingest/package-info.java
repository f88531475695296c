/**
 * The ingestion pipeline: every kind plugs in through {@link dev.celestial.ingest.IngestKind}; the
 * pipeline parses, validates, stages and merges each request in one transaction on the primary.
 */
package dev.celestial.ingest;
