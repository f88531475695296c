package dev.celestial.fdsn;

import static dev.celestial.fdsn.FdsnText.MILLIS;

import dev.celestial.earthquake.Earthquake;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** The CSV format as USGS writes it: a header line, then one line per event. */
final class FdsnCsv {

    static final String HEADER = "time,latitude,longitude,depth,mag,magType,nst,gap,dmin,rms,net,id,updated,place,type,"
            + "horizontalError,depthError,magError,magNst,status,locationSource,magSource\n";

    private final JsonMapper json;

    FdsnCsv(JsonMapper json) {
        this.json = json;
    }

    Flux<String> write(Flux<FdsnQuery.Event> events) {
        return Flux.concat(Mono.just(HEADER), events.map(this::line));
    }

    /** A line of the CSV format; stored text goes through {@link Cells#csv}, numbers and times as they are. */
    String line(FdsnQuery.Event event) {
        Earthquake q = event.quake();
        JsonNode extras = event.extras() == null ? JsonNodeFactory.instance.objectNode() : json.readTree(event.extras());
        String net = Cells.csv(q.net());
        return String.join(",", MILLIS.format(q.time()) + "Z", String.valueOf(q.latitude()), String.valueOf(q.longitude()),
                q.depthKm() == null ? "" : String.valueOf(q.depthKm()), q.magnitude() == null ? "" : String.valueOf(q.magnitude()),
                Cells.csv(q.magType()), extra(extras, "nst"), extra(extras, "gap"), extra(extras, "dmin"),
                extra(extras, "rms"), net, Cells.csv(q.sourceId()), q.updated() == null ? "" : MILLIS.format(q.updated()) + "Z",
                Cells.csv(q.place()), Cells.csv(extras.path("type").asString("earthquake")), "", "", "", "",
                Cells.csv(q.status()), net, net) + "\n";
    }

    /** An extra as ingested: numbers as they are, anything else (a client may send any JSON there) as text. */
    private static String extra(JsonNode extras, String name) {
        JsonNode value = extras.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isNumber() ? value.asString() : Cells.csv(value.asString());
    }
}
