package dev.celestial.orbit;

import java.time.Instant;

/** Osculating orbital elements of one object at an epoch (JPL SBDB names: e, a, q, i, om, w, ma, tp, per, n). */
public record OrbitalElements(String designation, String fullName, String orbitClass, Boolean neo, Boolean pha,
                              Double epochJd, Instant epoch, Double e, Double a, Double q, Double i, Double om,
                              Double w, Double ma, Double tp, Double per, Double n) {
}
