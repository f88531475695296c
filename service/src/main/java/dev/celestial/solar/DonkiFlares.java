package dev.celestial.solar;

import dev.celestial.ingest.BodyReader;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.NativeFormat;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** NASA DONKI FLR: an array of flares, streamed; minute-precision times such as {@code 2024-05-01T14:17Z}. */
final class DonkiFlares implements NativeFormat<SolarEvent> {

    @Override
    public Flux<JsonNode> split(Flux<DataBuffer> body, BodyReader reader) {
        return reader.array(body).map(BodyReader.Item::node);
    }

    @Override
    public SolarEvent read(Fields f) {
        ObjectNode details = SolarEventIngest.pick(f, "instruments", "note", "link");
        return new SolarEvent("flare", SolarEventIngest.eventId(f, "flrID"), f.time("beginTime", true),
                f.time("peakTime", false), f.time("endTime", false), SolarEventIngest.classType(f, "classType"),
                SolarEventIngest.location(f, "sourceLocation"), f.integer("activeRegionNum", false, 0, 1_000_000),
                null, null, null, null, SolarEventIngest.linkedIds(f),
                f.integer("versionId", false, 0, 1_000_000), f.revision("submissionTime", false), details.toString());
    }
}
