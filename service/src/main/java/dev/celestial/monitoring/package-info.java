/**
 * What operators watch from inside the service: the primary's top statements (pg_stat_statements).
 * Layer: a feature; it uses {@code access} and {@code web} only.
 */
package dev.celestial.monitoring;
