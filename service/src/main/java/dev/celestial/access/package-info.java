/** Who may do what: API clients, their keys and scopes, key management, and per-client ingestion limits. */
package dev.celestial.access;
