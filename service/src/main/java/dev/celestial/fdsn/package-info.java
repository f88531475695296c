/** The FDSN event web service (fdsnws-event 1.x, as USGS serves it) on top of the earthquake table. */
package dev.celestial.fdsn;
