package dev.celestial.orbit;

import static dev.celestial.ingest.Bodies.cutAt;
import static dev.celestial.ingest.Bodies.inPieces;
import static dev.celestial.ingest.Bodies.utf8;
import static dev.celestial.ingest.Bodies.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.ingest.Bodies;
import dev.celestial.ingest.InvalidBatchException;
import dev.celestial.ingest.PayloadTooLargeException;
import dev.celestial.support.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.test.StepVerifier;

class SbdbObjectTests {

    static final byte[] CERES = Fixtures.bytes("sbdb/ceres.json");
    static final byte[] APOPHIS = Fixtures.bytes("sbdb/apophis.json");
    static final String NOT_SBDB = "not an SBDB object answer with \"object\" and \"orbit.elements\"";

    final SbdbObject sbdb = new SbdbObject(new OrbitIngest());

    @Test
    void ceresIsOneMainBeltOrbitWithTheElementsGivenAsText() {
        StepVerifier.create(Bodies.records(sbdb, whole(CERES)))
                .expectNext(new OrbitalElements("1", "1 Ceres", "MBA", false, false, 2458200.5, Instant.parse("2018-03-23T00:00:00Z"),
                        .07553461024389638, 2.767046248500289, 2.558038488592984, 10.5935097971363, 80.30991865594387,
                        73.11534200131032, 352.2304611765882, 2458236.784053135587, 1681.214216917383, .2141309515334005))
                .verifyComplete();
    }

    @Test
    void apophisIsANearEarthHazardousAten() {
        StepVerifier.create(Bodies.records(sbdb, whole(APOPHIS)))
                .expectNext(new OrbitalElements("99942", "99942 Apophis (2004 MN4)", "ATE", true, true, 2454733.5,
                        Instant.parse("2008-09-24T00:00:00Z"), .1911953048308701, .9224383019077086, .7460724295867941,
                        3.331369520013644, 204.4460289189818, 126.401879524849, 180.429373045644, 2454894.912519503203,
                        323.596949048484, 1.112495037603281))
                .verifyComplete();
    }

    @Test
    void theAnswerCutAnywhereReadsTheSame() {
        int inElements = new String(APOPHIS, java.nio.charset.StandardCharsets.UTF_8).indexOf("\"elements\"") + 4;
        for (var body : List.of(inPieces(APOPHIS, 1), inPieces(APOPHIS, 1000), cutAt(APOPHIS, 1, inElements))) {
            StepVerifier.create(Bodies.records(sbdb, body).map(OrbitalElements::designation)).expectNext("99942").verifyComplete();
        }
    }

    @Test
    void aDocumentThatIsNoObjectAnswerIsRefused() {
        for (String wrong : List.of("{\"code\":\"200\",\"message\":\"specified object was not found\"}",
                "{\"object\":{\"des\":\"1\"},\"orbit\":{\"elements\":{}}}", "{\"object\":\"1\",\"orbit\":{\"elements\":[]}}", "[]", "42")) {
            StepVerifier.create(Bodies.read(sbdb, whole(utf8(wrong))))
                    .verifyErrorSatisfies(error -> {
                        assertThat(error).as(wrong).isInstanceOf(InvalidBatchException.class).hasMessage(NOT_SBDB);
                        assertThat(((InvalidBatchException) error).kind()).isEqualTo(InvalidBatchException.Kind.MALFORMED);
                    });
        }
        StepVerifier.create(Bodies.read(sbdb, whole(utf8("{\"object\":{\"des\":\"1\"},"))))
                .verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(InvalidBatchException.class).hasMessageStartingWith("malformed JSON: "));
        StepVerifier.create(Bodies.read(sbdb, whole(new byte[0]))).verifyErrorMessage("the body is empty");
    }

    @Test
    void anAnswerLargerThanANativeDocumentMayBeIsTooLarge() {
        var reader = Bodies.reader(Bodies.limits(DataSize.ofGigabytes(4), DataSize.ofKilobytes(64), DataSize.ofKilobytes(50)));
        StepVerifier.create(Bodies.read(sbdb, inPieces(APOPHIS, 4096), reader))
                .verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(PayloadTooLargeException.class)
                        .hasMessage("the body is larger than 51200 bytes"));
        StepVerifier.create(Bodies.read(sbdb, inPieces(CERES, 4096), reader)).expectNextCount(1).verifyComplete();
    }
}
