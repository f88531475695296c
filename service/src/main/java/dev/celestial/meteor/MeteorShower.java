package dev.celestial.meteor;

import java.time.Instant;

/** One season of an annual meteor shower (IAU three-letter code), keyed by code and season year. */
public record MeteorShower(String iauCode, Integer seasonYear, String name, Instant peak, Double zhr,
                           Double radiantRaDeg, Double radiantDecDeg, Double velocityKms, Instant activeFrom,
                           Instant activeTo, String parentBody, Instant updated) {
}
