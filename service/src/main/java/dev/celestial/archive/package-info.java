/**
 * The yearly archive: moving old events out of the live tables, in atomic batches, and where reads
 * include it. Layer: above {@code access}; the kinds use it for where reads include the archive.
 */
package dev.celestial.archive;
