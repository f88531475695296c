package dev.celestial.ephemeris;

import java.time.Instant;

/**
 * One state vector of an object relative to a center in a reference frame at a TDB epoch; the epoch
 * is kept both as the Julian date and as a timestamp labelled with the TDB calendar date.
 */
public record StateVector(String designation, String center, String frame, String units, Double julianDate,
                          Instant epoch, Double x, Double y, Double z, Double vx, Double vy, Double vz,
                          Double lightTime, Double range, Double rangeRate) {
}
