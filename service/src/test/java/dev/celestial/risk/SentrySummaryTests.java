package dev.celestial.risk;

import static dev.celestial.ingest.Bodies.inPieces;
import static dev.celestial.ingest.Bodies.utf8;
import static dev.celestial.ingest.Bodies.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.ingest.Bodies;
import dev.celestial.ingest.InvalidBatchException;
import dev.celestial.support.Fixtures;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** There is no Sentry sample in ../shared/fixtures: two rows as the Sentry API 2.0 summary gives them, numbers as strings (test resources). */
class SentrySummaryTests {

    static final String SENTRY = "sentry/summary_two_rows.json";

    static final String SUMMARY = Fixtures.text(SENTRY);

    static final ImpactRisk DA_1950 = new ImpactRisk("29075", "29075 (1950 DA)", 0.0002885, -0.93, -0.93, null, 1, 2880, 2880,
            LocalDate.parse("2021-05-29"), 2459363.5, 1.3, 14.1, 17.9);
    static final ImpactRisk SG344 = new ImpactRisk("2000 SG344", "(2000 SG344)", 0.002737, -2.77, -3.15, 0, 300, 2069, 2122,
            LocalDate.parse("2000-10-03"), 2451820.5, 0.037, 1.36, 24.8);

    final SentrySummary sentry = new SentrySummary(new RiskIngest());

    @Test
    void eachRowOfDataIsOneRiskWithItsNumbersReadFromText() {
        StepVerifier.create(Bodies.records(sentry, whole(utf8(SUMMARY)))).expectNext(DA_1950, SG344).verifyComplete();
        StepVerifier.create(Bodies.records(sentry, inPieces(utf8(SUMMARY), 1))).expectNext(DA_1950, SG344).verifyComplete();
    }

    @Test
    void aRangeOfOneYearIsThatYearBothWays() {
        String oneYear = "{\"data\":[{\"des\":\"x\",\"ip\":\"1e-5\",\"range\":\" 2095 \"}]}";
        StepVerifier.create(Bodies.records(sentry, whole(utf8(oneYear))))
                .assertNext(risk -> assertThat(List.of(risk.yearFrom(), risk.yearTo())).containsExactly(2095, 2095))
                .verifyComplete();
    }

    @Test
    void anEmptySummaryHasNoRisks() {
        StepVerifier.create(Bodies.records(sentry, whole(utf8("{\"count\":\"0\",\"data\":[]}")))).verifyComplete();
    }

    @Test
    void aDocumentWithoutADataArrayIsRefused() {
        for (String wrong : List.of("{\"signature\":{\"version\":\"2.0\"},\"error\":\"specified object removed\"}",
                "{\"data\":{\"des\":\"29075\"}}", "[{\"des\":\"29075\"}]")) {
            StepVerifier.create(Bodies.read(sentry, whole(utf8(wrong))))
                    .verifyErrorSatisfies(error -> {
                        assertThat(error).as(wrong).isInstanceOf(InvalidBatchException.class)
                                .hasMessage("not a Sentry summary with a \"data\" array");
                        assertThat(((InvalidBatchException) error).kind()).isEqualTo(InvalidBatchException.Kind.MALFORMED);
                    });
        }
    }
}
