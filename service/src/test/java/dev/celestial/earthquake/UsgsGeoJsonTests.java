package dev.celestial.earthquake;

import static dev.celestial.ingest.Bodies.inPieces;
import static dev.celestial.ingest.Bodies.utf8;
import static dev.celestial.ingest.Bodies.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.ingest.Bodies;
import dev.celestial.ingest.InvalidBatchException;
import dev.celestial.ingest.RecordError;
import dev.celestial.support.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class UsgsGeoJsonTests {

    static final byte[] MONTH = Fixtures.bytes("usgs/significant_month_2020-06.geojson");
    static final String NOT_A_COLLECTION = "not a GeoJSON FeatureCollection with a features array";

    final UsgsGeoJson usgs = new UsgsGeoJson();

    @Test
    void theSignificantMonthIsSixEarthquakesInOrder() {
        StepVerifier.create(Bodies.records(usgs, whole(MONTH)).map(Earthquake::sourceId))
                .expectNext("us6000a5r3", "ci39462536", "us6000a4yi", "nn00725272", "us70009f12", "ci38488354")
                .verifyComplete();
    }

    @Test
    void everyPropertyWithAColumnIsReadAndTheRestKeptAsExtras() {
        StepVerifier.create(Bodies.records(usgs, whole(MONTH)).next())
                .assertNext(quake -> {
                    assertThat(quake).isEqualTo(new Earthquake("us6000a5r3", Instant.ofEpochMilli(1591260579782L),
                            Instant.ofEpochMilli(1591382921040L), 2.9231, 128.2477, 6.4, "mww", 106.86,
                            "134 km NNE of Tobelo, Indonesia", "reviewed", true, 635, "us", "6000a5r3", "green", 10, 5.0, 5.191,
                            "https://earthquake.usgs.gov/earthquakes/eventpage/us6000a5r3", quake.extras()));
                    JsonNode extras = JsonMapper.builder().build().readTree(quake.extras());
                    // tz and nst are null in the feed, and nulls are not kept
                    assertThat(extras.propertyNames()).containsExactlyInAnyOrder("detail", "ids", "sources", "types", "dmin", "rms",
                            "gap", "type", "title");
                    assertThat(extras.path("ids").asString()).isEqualTo(",pt20156001,at00qbe8it,us6000a5r3,");
                    assertThat(extras.path("dmin").doubleValue()).isEqualTo(2.311);
                    assertThat(extras.path("title").asString()).isEqualTo("M 6.4 - 134 km NNE of Tobelo, Indonesia");
                })
                .verifyComplete();
    }

    @Test
    void tsunamiZeroIsFalseAndATimeZoneIsKept() {
        StepVerifier.create(Bodies.records(usgs, whole(MONTH)).filter(q -> q.sourceId().equals("nn00725272")))
                .assertNext(quake -> {
                    assertThat(quake.tsunami()).isFalse();
                    assertThat(quake.magnitude()).isEqualTo(6.5);
                    assertThat(quake.magType()).isEqualTo("ml");
                    assertThat(quake.latitude()).isEqualTo(38.1689);
                    assertThat(quake.longitude()).isEqualTo(-117.8497);
                    assertThat(quake.depthKm()).isEqualTo(2.7);
                    assertThat(quake.felt()).isEqualTo(21464);
                    assertThat(quake.extras()).contains("\"tz\":-480");
                })
                .verifyComplete();
    }

    @Test
    void theFeedCutAnywhereReadsTheSame() {
        for (int size : new int[] {1, 7, 1000}) {
            StepVerifier.create(Mono.zip(Bodies.records(usgs, whole(MONTH)).collectList(), Bodies.records(usgs, inPieces(MONTH, size)).collectList()))
                    .assertNext(both -> assertThat(both.getT2()).hasSize(6).isEqualTo(both.getT1()))
                    .verifyComplete();
        }
    }

    @Test
    void featuresArePositionedByTheirIndexInTheArray() {
        String feature = "{\"type\":\"Feature\",\"id\":\"ok1\",\"properties\":{\"time\":1591260579782},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[128.2,%s,10]}}";
        String body = "{\"type\":\"FeatureCollection\",\"features\":[" + feature.formatted("2.9") + "," + feature.formatted("91") + "]}";
        StepVerifier.create(Bodies.read(usgs, whole(utf8(body))).map(Bodies.Read::errors))
                .expectNext(List.of())
                .expectNext(List.of(new RecordError(1L, null, "geometry.coordinates[1]", "must be between -90 and 90, was 91.0")))
                .verifyComplete();
    }

    @Test
    void aDocumentThatIsNotAFeatureCollectionIsRefused() {
        for (String wrong : List.of("{\"type\":\"Feature\",\"features\":[]}", "{\"type\":\"FeatureCollection\"}",
                "{\"features\":[],\"metadata\":{\"type\":\"FeatureCollection\"}}", "{\"type\":\"FeatureCollection\",\"features\":{}}")) {
            StepVerifier.create(Bodies.read(usgs, whole(utf8(wrong))))
                    .verifyErrorSatisfies(error -> {
                        assertThat(error).as(wrong).isInstanceOf(InvalidBatchException.class).hasMessage(NOT_A_COLLECTION);
                        assertThat(((InvalidBatchException) error).kind()).isEqualTo(InvalidBatchException.Kind.MALFORMED);
                    });
        }
        StepVerifier.create(Bodies.read(usgs, whole(utf8("[{\"type\":\"Feature\"}]"))))
                .verifyErrorMessage("malformed JSON at record 0: expected a JSON object");
        // the type is known only once the body has ended: features before it are read, then the whole body is refused
        String typeLast = Fixtures.text("usgs/significant_month_2020-06.geojson").replace("\"type\":\"FeatureCollection\",", "")
                .replaceFirst("}$", ",\"type\":\"Feature\"}");
        StepVerifier.create(Bodies.read(usgs, whole(utf8(typeLast))))
                .expectNextCount(6)
                .verifyErrorMessage(NOT_A_COLLECTION);
    }
}
