/**
 * Who may do what: API clients, their keys and scopes, key management, and per-client ingestion limits.
 * Layer: foundation, above {@code web}; ingestion and every controller use it.
 */
package dev.celestial.access;
