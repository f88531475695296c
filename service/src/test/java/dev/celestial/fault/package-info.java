/**
 * Fault injection against the real primary + replica (issue 5), tagged {@code fault}: run alone with
 * {@code ./mvnw -B verify -Dgroups=fault}; part of the full suite otherwise. Each prints its figures.
 */
package dev.celestial.fault;
