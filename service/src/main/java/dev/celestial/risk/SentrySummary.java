package dev.celestial.risk;

import dev.celestial.ingest.BodyReader;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.InvalidBatchException;
import dev.celestial.ingest.NativeFormat;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JPL Sentry summary: {@code data[]} of objects with numbers as strings ({@code ip, ps_cum, ps_max,
 * ts_max, diameter, h, v_inf, last_obs_jd}), {@code n_imp} a number and {@code range} like "2068-2103".
 */
final class SentrySummary implements NativeFormat<ImpactRisk> {

    private final RiskIngest kind;

    SentrySummary(RiskIngest kind) {
        this.kind = kind;
    }

    @Override
    public Flux<JsonNode> split(Flux<DataBuffer> body, BodyReader reader) {
        return reader.tree(body).flatMapMany(document -> {
            if (!document.path("data").isArray()) {
                return Flux.error(new InvalidBatchException(InvalidBatchException.Kind.MALFORMED,
                        "not a Sentry summary with a \"data\" array", List.of()));
            }
            return Flux.fromIterable(document.path("data").values()).map(SentrySummary::toOwn);
        });
    }

    static JsonNode toOwn(JsonNode item) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        copy(item, "des", record, "designation");
        copy(item, "fullname", record, "fullName");
        copy(item, "ip", record, "impactProbability");
        copy(item, "ps_cum", record, "palermoCumulative");
        copy(item, "ps_max", record, "palermoMax");
        copy(item, "ts_max", record, "torinoMax");
        copy(item, "n_imp", record, "impactCount");
        copy(item, "last_obs", record, "lastObserved");
        copy(item, "last_obs_jd", record, "lastObservedJd");
        copy(item, "diameter", record, "diameterKm");
        copy(item, "v_inf", record, "vInfKms");
        copy(item, "h", record, "h");
        String range = item.path("range").asString("");
        int dash = range.indexOf('-');
        if (dash > 0) {
            record.put("yearFrom", range.substring(0, dash).trim());
            record.put("yearTo", range.substring(dash + 1).trim());
        } else if (!range.isBlank()) {
            record.put("yearFrom", range.trim());
            record.put("yearTo", range.trim());
        }
        return record;
    }

    private static void copy(JsonNode from, String name, ObjectNode to, String as) {
        JsonNode value = from.path(name);
        if (!value.isMissingNode() && !value.isNull()) {
            to.set(as, value);
        }
    }

    @Override
    public ImpactRisk read(Fields f) {
        return kind.read(f);
    }
}
