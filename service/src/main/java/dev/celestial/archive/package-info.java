/** The yearly archive: moving old events out of the live tables, in atomic batches, and where reads include it. */
package dev.celestial.archive;
