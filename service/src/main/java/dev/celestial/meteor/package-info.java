/** Annual meteor showers as own records. */
package dev.celestial.meteor;
