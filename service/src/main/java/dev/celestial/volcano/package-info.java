/** Volcanic activity: eruptions as own records. */
package dev.celestial.volcano;
