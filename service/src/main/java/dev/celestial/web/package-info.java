/**
 * HTTP helpers every controller shares: query parameters and their limits, JSON pages and streams
 * (routed through {@code routing}), signed cursors, request errors and how a problem is worded.
 * Layer: foundation, above {@code routing} and {@code db}; no feature, kind or ingestion type.
 */
package dev.celestial.web;
