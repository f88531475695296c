/** Ephemeris state vectors: own records and JPL Horizons vector tables. */
package dev.celestial.ephemeris;
