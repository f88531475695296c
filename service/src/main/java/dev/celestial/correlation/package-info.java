/**
 * Correlation rules: a pair of side filters (kind and thresholds), a time window and an optional
 * distance, evaluated for every written chunk inside its ingest transaction, over history by backfill,
 * served by {@code GET /api/v1/correlations} and managed under {@code /api/v1/admin/correlation-rules}.
 * Layer: a feature over the kinds.
 */
package dev.celestial.correlation;
