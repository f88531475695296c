/** Orbital elements: own records and JPL SBDB objects. */
package dev.celestial.orbit;
