/**
 * The reference catalogue: scripture passages ({@code prophecies}) and the celestial or terrestrial
 * signs they name, each with its links, and for a sign with a matcher the observed events that match
 * it. Layer: a feature over the kinds and correlations.
 */
package dev.celestial.catalogue;
