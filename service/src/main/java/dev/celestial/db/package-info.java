/**
 * The database side of the service: the writer pool on the primary, the reader pool on the replica,
 * their settings, their health as Kubernetes probes see it, what a database or driver error means
 * ({@code DatabaseErrors}), and {@code Where} for a statement's optional conditions. Layer: the bottom;
 * it uses no other package of the service.
 */
package dev.celestial.db;
