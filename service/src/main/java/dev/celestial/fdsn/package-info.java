/**
 * The FDSN event web service (fdsnws-event 1.x, as USGS serves it) on top of the earthquake table.
 * Layer: a feature over the earthquake kind.
 */
package dev.celestial.fdsn;
