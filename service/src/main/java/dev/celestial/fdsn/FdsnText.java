package dev.celestial.fdsn;

import dev.celestial.earthquake.Earthquake;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The FDSN text format: a header line, then one pipe-separated line per event. */
final class FdsnText {

    static final String HEADER = "#EventID|Time|Latitude|Longitude|Depth/km|Author|Catalog|Contributor|ContributorID"
            + "|MagType|Magnitude|MagAuthor|EventLocationName|EventType\n";
    static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private FdsnText() {
    }

    static Flux<String> write(Flux<FdsnQuery.Event> events) {
        return Flux.concat(Mono.just(HEADER), events.map(FdsnText::line));
    }

    /** A line of the text format; stored text goes through {@link Cells#text}, numbers and times as they are. */
    static String line(FdsnQuery.Event event) {
        Earthquake q = event.quake();
        String id = Cells.text(q.sourceId());
        String net = Cells.text(q.net());
        return String.join("|", id, MILLIS.format(q.time()), String.valueOf(q.latitude()), String.valueOf(q.longitude()),
                q.depthKm() == null ? "" : String.valueOf(q.depthKm()), net, net, net, id, Cells.text(q.magType()),
                q.magnitude() == null ? "" : String.valueOf(q.magnitude()), net, Cells.text(q.place()), "earthquake") + "\n";
    }
}
