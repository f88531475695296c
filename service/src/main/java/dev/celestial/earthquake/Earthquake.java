package dev.celestial.earthquake;

import java.time.Instant;

/**
 * An earthquake as ingested and stored. {@code sourceId} is the natural key (the USGS/ComCat id);
 * {@code updated}, the source's revision time, decides which version of an event wins.
 */
public record Earthquake(String sourceId, Instant time, Instant updated, Double latitude, Double longitude,
                         Double magnitude, String magType, Double depthKm, String place, String status,
                         Boolean tsunami, Integer sig, String net, String code, String alert, Integer felt,
                         Double cdi, Double mmi, String url, String extras) {
}
