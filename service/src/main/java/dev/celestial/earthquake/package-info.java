/** Earthquakes: the record, its own and USGS GeoJSON formats, and its SQL. */
package dev.celestial.earthquake;
