package dev.celestial.earthquake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.web.JsonStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;

/**
 * The short-decimal path writes every number exactly as Jackson's fast double writer does, and times
 * are written exactly as {@link Instant#toString()} writes them.
 */
class QuakeJsonTests {

    @Test
    void decimalsAreWrittenAsJacksonWritesThem() {
        Random random = new Random(7);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 5.0, -5.0, 0.05, -0.05, 0.001, 0.0009, 1e-4, 9_999_999.9999,
                1e7, 12_345_678.5, 1e9, 0.1 + 0.2, 179.9999, -179.9999, 90.0, -89.9999, 6.5, 10.0, 100.0, 0.3, 2.675,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Math.PI, Math.ulp(1.0)));
        for (int i = 0; i < 20_000; i++) {
            values.add(Math.round((-180 + random.nextDouble() * 360) * 10_000) / 10_000.0);
            values.add(Math.round(random.nextDouble() * 80) / 10.0);
            values.add(Math.round(random.nextDouble() * 70_000) / 100.0);
            values.add(random.nextDouble() * 20_000);
            values.add(Math.round(random.nextDouble() * 1e7) / 1e3);
        }
        assertThat(written(values, QuakeJson::decimal)).isEqualTo(written(values, JsonGenerator::writeNumber));
    }

    @Test
    void timesAreWrittenAsInstantWritesThem() {
        Random random = new Random(11);
        List<Instant> times = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(0, 1),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("0999-12-31T23:59:59.999999999Z"), Instant.parse("9999-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-4713-11-24T12:00:00Z"), Instant.parse("2000-02-29T12:30:45.120Z"),
                Instant.parse("1900-02-28T23:59:59.000001Z"), Instant.parse("2100-03-01T00:00:00.123456789Z"), Instant.MIN, Instant.MAX));
        long min = Instant.parse("0900-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond();
        int[] nanos = {0, 1_000_000, 1_000, 1};
        for (int i = 0; i < 50_000; i++) {
            int scale = nanos[i % nanos.length];
            int nano = scale == 0 ? 0 : random.nextInt(1_000_000_000 / scale) * scale;
            times.add(Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)), nano));
        }
        String written = written(times, (out, time) -> {
            out.writeStartObject();
            QuakeJson.time(out, QuakeJson.Name.time, time);
            out.writeEndObject();
        });
        String expected = written(times, (out, time) -> out.writeStartObject().writeStringProperty("time", time.toString()).writeEndObject());
        assertThat(written).isEqualTo(expected);
    }

    private static <T> String written(List<T> values, BiConsumer<JsonGenerator, T> write) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JsonStream.generator(bytes)) {
            out.writeStartArray();
            values.forEach(value -> write.accept(out, value));
            out.writeEndArray();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
