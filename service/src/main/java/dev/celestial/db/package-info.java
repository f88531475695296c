/**
 * The database side of the service: the writer pool on the primary, the reader pool on the
 * replica, their settings, and their health as Kubernetes probes see it.
 */
package dev.celestial.db;
