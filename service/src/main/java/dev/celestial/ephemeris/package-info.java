/**
 * Ephemeris state vectors: own records and JPL Horizons vector tables. Layer: a kind; it uses the
 * layers below and no other kind.
 */
package dev.celestial.ephemeris;
