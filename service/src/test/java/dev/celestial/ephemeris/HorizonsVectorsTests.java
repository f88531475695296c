package dev.celestial.ephemeris;

import static dev.celestial.ingest.Bodies.inPieces;
import static dev.celestial.ingest.Bodies.utf8;
import static dev.celestial.ingest.Bodies.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.ingest.Bodies;
import dev.celestial.ingest.InvalidBatchException;
import dev.celestial.ingest.PayloadTooLargeException;
import dev.celestial.ingest.RecordError;
import dev.celestial.support.Fixtures;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class HorizonsVectorsTests {

    static final String CERES = Fixtures.text("horizons/ceres_vectors_range.txt");

    final HorizonsVectors horizons = new HorizonsVectors(new EphemerisIngest());

    static StateVector ceres(double jd, String epoch, double x, double y, double z, double vx, double vy, double vz,
                             double lightTime, double range, double rangeRate) {
        return new StateVector("1 Ceres (A801 AA)", "Sun (10)", "Ecliptic of J2000.0", "AU-D", jd, Instant.parse(epoch),
                x, y, z, vx, vy, vz, lightTime, range, rangeRate);
    }

    static final StateVector FIRST = ceres(2459740.5, "2022-06-10T00:00:00Z", -8.354726583796999E-01, 2.455132459520164E+00,
            2.314862198331841E-01, -1.000026022185188E-02, -4.171663864644086E-03, 1.710462301123233E-03, 1.503774163127625E-02,
            2.603704250997457E+00, -5.726821390832905E-04);
    static final StateVector LAST = ceres(2459770.5, "2022-07-10T00:00:00Z", -1.128387470845915E+00, 2.311682815778683E+00,
            2.809145935195726E-01, -9.501062945928338E-03, -5.383255974656968E-03, 1.580176376657430E-03, 1.494514969917747E-02,
            2.587672454925616E+00, -4.945005055314659E-04);

    /** The four states of Ceres, ten days apart, read from {@code body}. */
    void readsTheFourStates(Flux<DataBuffer> body) {
        StepVerifier.create(Bodies.records(horizons, body))
                .expectNext(FIRST)
                .assertNext(state -> assertThat(state.epoch()).isEqualTo(Instant.parse("2022-06-20T00:00:00Z")))
                .assertNext(state -> assertThat(state.julianDate()).isEqualTo(2459760.5))
                .expectNext(LAST)
                .verifyComplete();
    }

    @Test
    void theTextTableIsFourStatesWithTheHeadersTargetCenterFrameAndUnits() {
        readsTheFourStates(whole(utf8(CERES)));
    }

    @Test
    void theTextCutAnywhereOrWithCrLfReadsTheSame() {
        readsTheFourStates(inPieces(utf8(CERES), 1));
        readsTheFourStates(inPieces(utf8(CERES), 100));
        readsTheFourStates(inPieces(utf8(CERES.replace("\n", "\r\n")), 33));
    }

    @Test
    void theJsonWrapperReadsTheSame() {
        byte[] wrapped = JsonMapper.builder().build().writeValueAsBytes(Map.of("signature", Map.of("version", "1.1"), "result", CERES));
        readsTheFourStates(whole(wrapped));
        readsTheFourStates(inPieces(wrapped, 1));
        // a wrapper whose first buffers are whitespace alone is still JSON; a table after blank lines still a table
        byte[] padded = new byte[wrapped.length + 3];
        padded[0] = '\n';
        padded[1] = ' ';
        padded[2] = '\n';
        System.arraycopy(wrapped, 0, padded, 3, wrapped.length);
        readsTheFourStates(inPieces(padded, 1));
        readsTheFourStates(inPieces(utf8("\n\n" + CERES), 1));
    }

    @Test
    void statesInBlocksReadLikeCsvRows() {
        String blocks = CERES.substring(0, CERES.indexOf("$$SOE") + 6)
                + "2459740.500000000 = A.D. 2022-Jun-10 00:00:00.0000 TDB \n"
                + " X =-8.354726583796999E-01 Y = 2.455132459520164E+00 Z = 2.314862198331841E-01\n"
                + " VX=-1.000026022185188E-02 VY=-4.171663864644086E-03 VZ= 1.710462301123233E-03\n"
                + " LT= 1.503774163127625E-02 RG= 2.603704250997457E+00 RR=-5.726821390832905E-04\n"
                + "2459770.500000000 = A.D. 2022-Jul-10 00:00:00.0000 TDB \n"
                + " X =-1.128387470845915E+00 Y = 2.311682815778683E+00 Z = 2.809145935195726E-01\n"
                + " VX=-9.501062945928338E-03 VY=-5.383255974656968E-03 VZ= 1.580176376657430E-03\n"
                + " LT= 1.494514969917747E-02 RG= 2.587672454925616E+00 RR=-4.945005055314659E-04\n"
                + CERES.substring(CERES.indexOf("$$EOE"));
        StepVerifier.create(Bodies.records(horizons, inPieces(utf8(blocks), 7))).expectNext(FIRST, LAST).verifyComplete();
    }

    @Test
    void anUnparseableNumberIsAnErrorOfItsField() {
        String table = CERES.replace("-8.354726583796999E-01", "-8.35472658379699.9E-01");
        StepVerifier.create(Bodies.read(horizons, whole(utf8(table))))
                .assertNext(read -> assertThat(read.errors()).containsExactly(new RecordError(0L, null, "x", "must be a number")))
                .expectNextCount(3)
                .verifyComplete();
    }

    @Test
    void aTextThatIsNoVectorTableIsRefused() {
        refused(whole(utf8("no states here")), "no $$SOE ... $$EOE block of states: is this a Horizons VECTORS table?");
        refused(whole(utf8(CERES.substring(0, CERES.indexOf("$$EOE")))), "no $$SOE ... $$EOE block of states: is this a Horizons VECTORS table?");
        refused(whole(utf8(CERES.replace("Reference frame :", "Frame :"))), "the Horizons header has no \"Reference frame\" line");
        refused(whole(utf8(CERES.replace("$$SOE\n", "$$SOE\nnot a state\n"))), "unreadable state line: not a state");
        refused(whole(utf8("{\"signature\":{\"version\":\"1.1\"},\"error\":\"no such object\"}")),
                "a Horizons JSON answer needs a \"result\" string");
        // past a few whitespace-only buffers the body is taken for text; a NUL is no whitespace
        refused(inPieces(utf8("\n".repeat(5) + "{\"result\":\"\"}"), 1), "no $$SOE ... $$EOE block of states: is this a Horizons VECTORS table?");
        refused(inPieces(utf8("\u0000{\"result\":\"\"}"), 1), "no $$SOE ... $$EOE block of states: is this a Horizons VECTORS table?");
    }

    @Test
    void aLineOfTheJsonResultLongerThanALineMayBeIsTooLarge() {
        String line = "x".repeat(64 * 1024 + 1);
        StepVerifier.create(Bodies.read(horizons, whole(utf8("{\"result\":\"" + line + "\"}"))))
                .verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(PayloadTooLargeException.class)
                        .hasMessage("a line of the Horizons result is longer than 65536 characters"));
    }

    void refused(Flux<DataBuffer> body, String message) {
        StepVerifier.create(Bodies.read(horizons, body).then(Mono.empty()))
                .verifyErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(InvalidBatchException.class).hasMessage(message);
                    assertThat(((InvalidBatchException) error).kind()).isEqualTo(InvalidBatchException.Kind.MALFORMED);
                });
    }
}
