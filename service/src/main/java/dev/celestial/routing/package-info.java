/**
 * Read routing: every read-only query goes to the replica, or to the primary when the replica cannot
 * serve it; the replica monitor behind that decision, and its health. Layer: foundation, above
 * {@code db} only; it knows nothing of HTTP parameters or features.
 */
package dev.celestial.routing;
