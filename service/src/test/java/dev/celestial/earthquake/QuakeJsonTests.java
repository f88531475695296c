package dev.celestial.earthquake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.read.JsonStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;

/** The short-decimal path writes every number exactly as Jackson's fast double writer does. */
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

    private static String written(List<Double> values, BiConsumer<JsonGenerator, Double> write) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JsonStream.generator(bytes)) {
            out.writeStartArray();
            values.forEach(value -> write.accept(out, value));
            out.writeEndArray();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
