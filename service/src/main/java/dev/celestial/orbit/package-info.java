/**
 * Orbital elements: own records and JPL SBDB objects. Layer: a kind; it uses the layers below and no
 * other kind.
 */
package dev.celestial.orbit;
