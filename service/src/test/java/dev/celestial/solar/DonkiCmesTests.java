package dev.celestial.solar;

import static dev.celestial.ingest.Bodies.inPieces;
import static dev.celestial.ingest.Bodies.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.ingest.Bodies;
import dev.celestial.ingest.RecordError;
import dev.celestial.support.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class DonkiCmesTests {

    static final byte[] OCTOBER_2023 = Fixtures.bytes("donki/CME_2023-10.json");

    final DonkiCmes cmes = new DonkiCmes();

    /** The CMEs of October 2023 by id. */
    Mono<Map<String, SolarEvent>> byId() {
        return Bodies.records(cmes, whole(OCTOBER_2023)).collectList()
                .map(all -> all.stream().collect(Collectors.toMap(SolarEvent::eventId, cme -> cme)));
    }

    /** The {@code link} of the analysis kept in the details. */
    static String analysis(SolarEvent cme) {
        return JsonMapper.builder().build().readTree(cme.details()).path("analysis").path("link").asString();
    }

    @Test
    void octoberHas89CmesAllWithoutPeakEndOrClass() {
        StepVerifier.create(Bodies.records(cmes, whole(OCTOBER_2023)).collectList())
                .assertNext(all -> {
                    assertThat(all).hasSize(89).allSatisfy(cme -> {
                        assertThat(cme.kind()).isEqualTo("cme");
                        assertThat(cme.peak()).isNull();
                        assertThat(cme.end()).isNull();
                        assertThat(cme.classType()).isNull();
                    });
                    assertThat(all.get(0).eventId()).isEqualTo("2023-10-02T13:12:00-CME-001");
                    assertThat(all.get(88).eventId()).isEqualTo("2023-10-31T22:12:00-CME-001");
                })
                .verifyComplete();
    }

    @Test
    void theFirstCmeWithItsOnlyAnalysis() {
        StepVerifier.create(Bodies.records(cmes, whole(OCTOBER_2023)).next())
                .assertNext(cme -> {
                    // an empty sourceLocation is none; a null longitude stays null
                    assertThat(cme).isEqualTo(new SolarEvent("cme", "2023-10-02T13:12:00-CME-001", Instant.parse("2023-10-02T13:12:00Z"),
                            null, null, null, null, null, 543.0, 10.0, 8.0, null, "[]", 2, Instant.parse("2023-10-02T17:46:00Z"), cme.details()));
                    assertThat(JsonMapper.builder().build().readTree(cme.details()).propertyNames())
                            .containsExactlyInAnyOrder("catalog", "instruments", "note", "link", "analysis");
                    assertThat(analysis(cme)).isEqualTo("https://kauai.ccmc.gsfc.nasa.gov/DONKI/view/CMEAnalysis/27163/-1");
                })
                .verifyComplete();
    }

    @Test
    void theMostAccurateAnalysisWinsThenTheLatestSubmitted() {
        StepVerifier.create(byId())
                .assertNext(cmes -> {
                    // most accurate, submitted a minute after the other one
                    SolarEvent first = cmes.get("2023-10-02T18:24:00-CME-001");
                    assertThat(List.of(first.speedKms(), first.halfAngle(), first.latitude(), first.longitude())).containsExactly(467.0, 29.0, 0.0, -20.0);
                    assertThat(first.linkedEventIds()).isEqualTo("[\"2023-10-02T15:53:00-FLR-001\",\"2023-10-05T21:25:00-IPS-001\"]");
                    assertThat(first.sourceLocation()).isEqualTo("S05E10");
                    // most accurate, though another analysis was submitted four hours later
                    SolarEvent older = cmes.get("2023-10-26T23:14:00-CME-001");
                    assertThat(List.of(older.speedKms(), older.halfAngle(), older.latitude(), older.longitude())).containsExactly(1024.0, 52.0, 39.0, -90.0);
                    assertThat(analysis(older)).isEqualTo("https://kauai.ccmc.gsfc.nasa.gov/DONKI/view/CMEAnalysis/27483/-1");
                    // both most accurate: the one submitted a week later
                    SolarEvent both = cmes.get("2023-10-18T02:48:00-CME-001");
                    assertThat(List.of(both.speedKms(), both.halfAngle(), both.latitude(), both.longitude())).containsExactly(482.0, 37.0, 31.0, 163.0);
                    assertThat(analysis(both)).isEqualTo("https://kauai.ccmc.gsfc.nasa.gov/DONKI/view/CMEAnalysis/27369/-1");
                })
                .verifyComplete();
    }

    @Test
    void theArrayCutAnywhereReadsTheSame() {
        for (int size : new int[] {1, 29, 8192}) {
            StepVerifier.create(Mono.zip(Bodies.records(cmes, whole(OCTOBER_2023)).collectList(),
                            Bodies.records(cmes, inPieces(OCTOBER_2023, size)).collectList()))
                    .assertNext(both -> assertThat(both.getT2()).hasSize(89).isEqualTo(both.getT1()))
                    .verifyComplete();
        }
    }

    @Test
    void aMostAccurateAnalysisOutOfRangeIsAnErrorOfTheCme() {
        String cme = "[{\"activityID\":\"c\",\"startTime\":\"2023-10-02T13:12Z\",\"cmeAnalyses\":["
                + "{\"isMostAccurate\":false,\"speed\":500,\"submissionTime\":\"2023-10-03T00:00Z\"},"
                + "{\"isMostAccurate\":true,\"speed\":20000,\"submissionTime\":\"2023-10-02T00:00Z\"}]}]";
        StepVerifier.create(Bodies.read(cmes, whole(Bodies.utf8(cme))))
                .assertNext(read -> {
                    assertThat(read.record().speedKms()).isNull();
                    assertThat(read.errors()).containsExactly(
                            new RecordError(0L, null, "cmeAnalyses", "the most accurate analysis has values out of range"));
                })
                .verifyComplete();
    }
}
