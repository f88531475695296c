package dev.celestial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FieldsTests {

    static final Instant LATEST = Instant.parse("2024-06-01T00:00:00Z");

    final JsonMapper json = JsonMapper.builder().build();
    final List<RecordError> errors = new ArrayList<>();

    Fields fields(String record) {
        return new Fields(json.readTree(record), new RecordError.Position(0, false), errors, LATEST);
    }

    @Test
    void revisionsLaterThanTheGivenBoundAreRefused() {
        assertThat(fields("{\"updated\":\"2024-06-01T00:00:00Z\"}").revision("updated", false)).isEqualTo(LATEST);
        assertThat(errors).isEmpty();
        assertThat(fields("{\"updated\":\"2024-06-01T00:00:01Z\"}").revision("updated", false)).isNull();
        assertThat(fields("{\"updated\":" + LATEST.plusMillis(1).toEpochMilli() + "}").revision("updated", false)).isNull();
        assertThat(errors).extracting(RecordError::field).containsExactly("updated", "updated");
    }

    @Test
    void julianRevisionsMayLieTheirLeewayPastTheBound() {
        double bound = 2_440_587.5 + LATEST.getEpochSecond() / 86_400.0;
        Fields f = fields("{\"a\":" + (bound + 30) + ",\"b\":" + (bound + 30) + "}");
        assertThat(f.julianRevision("a", true, JulianDate.EARLIEST, 3_547_000, Duration.ofDays(31))).isEqualTo(bound + 30);
        assertThat(f.julianRevision("b", true, JulianDate.EARLIEST, 3_547_000, Duration.ofDays(29))).isNull();
        assertThat(errors).extracting(RecordError::field).containsExactly("b");
    }

    @Test
    void timesOutsideTheYearsATimeColumnTakesAreRefusedAsTextAndAsNumbers() {
        Fields f = fields("{\"a\":\"0000-12-31T23:59:59Z\",\"b\":\"9999-01-01T00:00:00Z\",\"c\":-62135596800001,"
                + "\"d\":253370764800000,\"e\":1" + "0".repeat(30) + ",\"f\":1.5,\"ok\":-62135596800000}");
        for (String name : List.of("a", "b", "c", "d", "e", "f")) {
            assertThat(f.time(name, true)).as(name).isNull();
        }
        assertThat(f.time("ok", true)).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(errors).extracting(RecordError::field).containsExactly("a", "b", "c", "d", "e", "f");
    }

    @Test
    void numbersTooBigForADoubleOrALongAreErrorsNotExceptions() {
        String huge = "1" + "0".repeat(400);
        Fields f = fields("{\"n\":" + huge + ",\"i\":" + huge + ",\"b\":" + huge + "}");
        assertThat(f.number("n", true, 0, 1)).isNull();
        assertThat(f.integer("i", true, 0, 1)).isNull();
        assertThat(f.bool("b", true)).isNull();
        assertThat(errors).extracting(RecordError::field).containsExactly("n", "i", "b");
    }

    @Test
    void jsonForJsonbHasNoNulNoDeepNestingAndABoundedSize() {
        Fields f = fields("{\"ok\":{\"a\":[1,\"x\",{\"b\":null}]},\"nul\":{\"a\":[1,\"x\\u0000\"]},\"key\":{\"k\\u0000\":1},"
                + "\"deep\":[[[[[[[[1]]]]]]]],\"deeper\":[[[[[[[[[1]]]]]]]]],\"big\":\"" + "x".repeat(Fields.MAX_JSON) + "\"}");
        assertThat(f.json("ok", f.node().path("ok"))).isEqualTo("{\"a\":[1,\"x\",{\"b\":null}]}");
        assertThat(f.json("deep", f.node().path("deep"))).isNotNull();
        for (String name : List.of("nul", "key", "deeper", "big")) {
            assertThat(f.json(name, f.node().path(name))).as(name).isNull();
        }
        assertThat(errors).extracting(RecordError::field)
                .containsExactly("nul.a[1]", "key", "deeper[0][0][0][0][0][0][0][0]", "big");
    }

    @Test
    void unknownFieldNamesAreShownEscapedAndShortened() {
        fields("{\"a\\u0000b\":1,\"" + "x".repeat(100) + "\":2}").onlyKnown(java.util.Set.of());
        assertThat(errors).extracting(RecordError::field).containsExactly("a\\u0000b", "x".repeat(64) + "...");
    }
}
