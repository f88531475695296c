/**
 * Earthquakes: the record, its own and USGS GeoJSON formats, and its SQL. Layer: a kind; it uses the
 * layers below and no other kind.
 */
package dev.celestial.earthquake;
