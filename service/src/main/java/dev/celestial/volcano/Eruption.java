package dev.celestial.volcano;

import java.time.Instant;

/** An eruption of a volcano (Smithsonian GVP volcano number), keyed by volcano and start. */
public record Eruption(String volcanoNumber, String volcanoName, Double latitude, Double longitude, Double elevationM,
                       Instant start, Instant end, Integer vei, String alertLevel, String activityType, Instant updated) {
}
