/**
 * The reference catalogue: scripture passages ({@code prophecies}) and the celestial or terrestrial signs
 * they name, each with its links, and for a sign with a matcher the observed events that match it.
 */
package dev.celestial.catalogue;
