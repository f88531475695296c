package dev.celestial.solar;

import dev.celestial.ingest.BodyReader;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.NativeFormat;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * NASA DONKI CME: an array of CMEs, streamed. Speed, half-angle and direction come from the analysis
 * marked {@code isMostAccurate} (the latest submitted when several are; else the latest submitted of
 * all), which is also kept whole in the details.
 */
final class DonkiCmes implements NativeFormat<SolarEvent> {

    @Override
    public Flux<JsonNode> split(Flux<DataBuffer> body, BodyReader reader) {
        return reader.array(body).map(BodyReader.Item::node);
    }

    /** Most accurate first, then the latest submission (ISO 8601 text sorts in time order). */
    private static String rank(JsonNode analysis) {
        return (analysis.path("isMostAccurate").asBoolean(false) ? "1" : "0") + analysis.path("submissionTime").asString("");
    }

    @Override
    public SolarEvent read(Fields f) {
        JsonNode analyses = f.node().path("cmeAnalyses");
        int bestIndex = -1;
        if (analyses.isArray()) {
            for (int i = 0; i < analyses.size(); i++) {
                if (bestIndex < 0 || rank(analyses.get(i)).compareTo(rank(analyses.get(bestIndex))) >= 0) {
                    bestIndex = i;
                }
            }
        }
        JsonNode best = bestIndex < 0 ? null : analyses.get(bestIndex);
        ObjectNode details = SolarEventIngest.pick(f, "catalog", "instruments", "note", "link");
        Double speed = null;
        Double halfAngle = null;
        Double latitude = null;
        Double longitude = null;
        if (best != null) {
            if (f.json("cmeAnalyses[" + bestIndex + "]", best) != null) {
                details.set("analysis", best);
            }
            Fields a = new Fields(best, f.position(), new java.util.ArrayList<>());
            speed = a.number("speed", false, 0, 10_000);
            halfAngle = a.number("halfAngle", false, 0, 180);
            latitude = a.number("latitude", false, -90, 90);
            longitude = a.number("longitude", false, -180, 180);
            if (!a.valid()) {
                f.error("cmeAnalyses", "the most accurate analysis has values out of range");
            }
        }
        return new SolarEvent("cme", SolarEventIngest.eventId(f, "activityID"), f.time("startTime", true), null, null,
                null, SolarEventIngest.location(f, "sourceLocation"), f.integer("activeRegionNum", false, 0, 1_000_000),
                speed, halfAngle, latitude, longitude, SolarEventIngest.linkedIds(f),
                f.integer("versionId", false, 0, 1_000_000), f.revision("submissionTime", false), details.toString());
    }
}
