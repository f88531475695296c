/**
 * Volcanic activity: eruptions as own records. Layer: a kind; it uses the layers below and no other
 * kind.
 */
package dev.celestial.volcano;
