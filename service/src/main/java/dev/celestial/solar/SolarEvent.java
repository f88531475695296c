package dev.celestial.solar;

import java.time.Instant;

/**
 * A solar flare or coronal mass ejection, keyed by its DONKI id; a higher {@code version}, then a
 * later {@code submitted}, is a newer revision. {@code linkedEventIds} and {@code details} are JSON text.
 */
public record SolarEvent(String kind, String eventId, Instant begin, Instant peak, Instant end, String classType,
                         String sourceLocation, Integer activeRegion, Double speedKms, Double halfAngle,
                         Double latitude, Double longitude, String linkedEventIds, Integer version, Instant submitted,
                         String details) {
}
