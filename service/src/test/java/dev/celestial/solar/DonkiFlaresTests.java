package dev.celestial.solar;

import static dev.celestial.ingest.Bodies.inPieces;
import static dev.celestial.ingest.Bodies.utf8;
import static dev.celestial.ingest.Bodies.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.ingest.Bodies;
import dev.celestial.ingest.InvalidBatchException;
import dev.celestial.support.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class DonkiFlaresTests {

    static final byte[] MAY_2024 = Fixtures.bytes("donki/FLR_2024-05.json");

    final DonkiFlares flares = new DonkiFlares();

    @Test
    void mayHas179FlaresOf21XClassAnd4WithoutAnActiveRegion() {
        StepVerifier.create(Bodies.records(flares, whole(MAY_2024)).collectList())
                .assertNext(all -> {
                    assertThat(all).hasSize(179).allSatisfy(flare -> assertThat(flare.kind()).isEqualTo("flare"));
                    assertThat(all).filteredOn(flare -> flare.classType().startsWith("X")).hasSize(21);
                    assertThat(all).filteredOn(flare -> flare.activeRegion() == null).extracting(SolarEvent::eventId)
                            .containsExactly("2024-05-09T23:04:00-FLR-001", "2024-05-10T03:15:00-FLR-001",
                                    "2024-05-12T05:37:00-FLR-001", "2024-05-12T13:40:00-FLR-001");
                    assertThat(all.get(178).eventId()).isEqualTo("2024-05-31T21:52:00-FLR-001");
                })
                .verifyComplete();
    }

    @Test
    void theFirstFlareWithMinutePrecisionTimes() {
        StepVerifier.create(Bodies.records(flares, whole(MAY_2024)).next())
                .assertNext(flare -> {
                    assertThat(flare).isEqualTo(new SolarEvent("flare", "2024-05-01T14:17:00-FLR-001", Instant.parse("2024-05-01T14:17:00Z"),
                            Instant.parse("2024-05-01T14:32:00Z"), Instant.parse("2024-05-01T14:37:00Z"), "M1.8", "S07W71", 13654,
                            null, null, null, null, "[]", 2, Instant.parse("2024-05-02T16:59:00Z"), flare.details()));
                    assertThat(JsonMapper.builder().build().readTree(flare.details()).propertyNames())
                            .containsExactlyInAnyOrder("instruments", "note", "link");
                    assertThat(flare.details()).contains("\"link\":\"https://kauai.ccmc.gsfc.nasa.gov/DONKI/view/FLR/30361/-1\"");
                })
                .verifyComplete();
    }

    @Test
    void theX87FlareLinksItsTwoCmes() {
        StepVerifier.create(Bodies.records(flares, whole(MAY_2024)).filter(flare -> flare.classType().equals("X8.7")))
                .assertNext(flare -> {
                    assertThat(flare.eventId()).isEqualTo("2024-05-14T16:46:00-FLR-001");
                    assertThat(flare.peak()).isEqualTo(Instant.parse("2024-05-14T16:51:00Z"));
                    assertThat(flare.sourceLocation()).isEqualTo("S19W90");
                    assertThat(flare.version()).isEqualTo(3);
                    assertThat(flare.linkedEventIds()).isEqualTo("[\"2024-05-14T17:00:00-CME-001\",\"2024-05-14T17:30:00-CME-001\"]");
                })
                .verifyComplete();
    }

    @Test
    void theArrayCutAnywhereReadsTheSame() {
        for (int size : new int[] {1, 13, 4096}) {
            StepVerifier.create(Mono.zip(Bodies.records(flares, whole(MAY_2024)).collectList(),
                            Bodies.records(flares, inPieces(MAY_2024, size)).collectList()))
                    .assertNext(both -> assertThat(both.getT2()).hasSize(179).isEqualTo(both.getT1()))
                    .verifyComplete();
        }
    }

    @Test
    void aBodyThatIsNoArrayOfFlaresIsRefused() {
        StepVerifier.create(Bodies.read(flares, whole(utf8("\"no flares\""))))
                .verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(InvalidBatchException.class)
                        .hasMessage("malformed JSON at record 0: expected a JSON array of records"));
        // a cut-off download: the flares before the cut are read, then the body is refused
        byte[] cut = java.util.Arrays.copyOf(MAY_2024, MAY_2024.length / 2);
        StepVerifier.create(Bodies.read(flares, whole(cut)))
                .thenConsumeWhile(read -> read.errors().isEmpty())
                .verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(InvalidBatchException.class)
                        .hasMessageStartingWith("malformed JSON at record "));
        // a lone flare is one record
        String one = "{\"flrID\":\"f\",\"beginTime\":\"2024-05-01T14:17Z\",\"classType\":\"C3.2\"}";
        StepVerifier.create(Bodies.records(flares, whole(utf8(one))).map(SolarEvent::classType)).expectNext("C3.2").verifyComplete();
    }
}
