/**
 * The one error mapper: every error a request can end in becomes RFC 9457 {@code application/problem+json}.
 * Layer: top; it knows the errors of the layers below (ingestion, routing, web, database) and nothing uses it.
 */
package dev.celestial.problem;
