package dev.celestial.earthquake;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.celestial.earthquake.EarthquakeQueries.Found;
import dev.celestial.support.Fixtures;
import dev.celestial.web.JsonStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A page of 100 earthquakes (a radius query's GeoJSON features, made from the USGS sample feed) written by
 * {@link QuakeJson}, by plain generator calls field by field (Jackson's number writer, {@link Instant#toString()}),
 * and by Jackson databind from records, which QuakeJson replaced. All three write the same bytes. Run with
 * deploy/bench/micro.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QuakeJsonBenchmark {

    record Feature(String type, String id, Geometry geometry, Properties properties) {
    }

    record Geometry(String type, List<Double> coordinates) {
    }

    record Properties(String time, String updated, Double depthKm, Double magnitude, String magType, String place,
                      String status, Boolean tsunami, Integer sig, String net, String code, String alert, Integer felt,
                      Double cdi, Double mmi, String url, @JsonInclude(JsonInclude.Include.NON_NULL) Double distanceKm) {
    }

    private final ObjectWriter records = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build().writer();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    private List<Found> page;

    @Setup
    public void page() {
        List<JsonNode> features = new ArrayList<>();
        JsonMapper.shared().readTree(Fixtures.bytes("usgs/significant_month_2020-06.geojson")).get("features").forEach(features::add);
        Random random = new Random(42);
        page = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            JsonNode f = features.get(i % features.size());
            JsonNode p = f.get("properties");
            JsonNode at = f.get("geometry").get("coordinates");
            // as in an everyday feed: felt, cdi, mmi and alert only on some rows, coordinates as precise as the network gives them
            boolean felt = i % 3 == 0;
            Earthquake q = new Earthquake(f.get("id").asString() + i, Instant.ofEpochMilli(p.get("time").asLong() - i * 612_345L),
                    Instant.ofEpochMilli(p.get("updated").asLong() - i * 1_000L), shift(at.get(1).asDouble(), random),
                    shift(at.get(0).asDouble(), random), p.get("mag").asDouble(), p.get("magType").asString(),
                    shift(at.get(2).asDouble(), random), p.get("place").asString(), p.get("status").asString(),
                    p.get("tsunami").asInt() == 1, p.get("sig").asInt(), p.get("net").asString(), p.get("code").asString() + i,
                    felt ? p.get("alert").asString() : null, felt ? p.get("felt").asInt() : null, felt ? p.get("cdi").asDouble() : null,
                    felt ? p.get("mmi").asDouble() : null, p.get("url").asString() + i, null);
            page.add(new Found(q, random.nextDouble() * 100_000));
        }
        String ours = text(quakeJson());
        if (!ours.equals(text(generatorFields())) || !ours.equals(text(databindRecords()))) {
            throw new IllegalStateException("the writers disagree:\n" + ours + "\n" + text(generatorFields()) + "\n" + text(databindRecords()));
        }
    }

    /** {@code value} moved a little, with as many decimals as it had. */
    private static double shift(double value, Random random) {
        int scale = Math.max(BigDecimal.valueOf(value).scale(), 0);
        return BigDecimal.valueOf(value + random.nextDouble() - 0.5).setScale(scale, RoundingMode.HALF_UP).doubleValue();
    }

    /** What the benchmark method just wrote, given its length. */
    private String text(int written) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Benchmark
    public int quakeJson() {
        bytes.reset();
        try (JsonGenerator out = JsonStream.generator(bytes)) {
            out.writeStartArray();
            for (Found found : page) {
                QuakeJson.feature(out, found);
            }
            out.writeEndArray();
        }
        return bytes.size();
    }

    @Benchmark
    public int generatorFields() {
        bytes.reset();
        try (JsonGenerator out = JsonStream.generator(bytes)) {
            out.writeStartArray();
            for (Found found : page) {
                Earthquake q = found.quake();
                out.writeStartObject().writeStringProperty("type", "Feature").writeStringProperty("id", q.sourceId());
                out.writeName("geometry").writeStartObject().writeStringProperty("type", "Point").writeName("coordinates").writeStartArray();
                out.writeNumber(q.longitude()).writeNumber(q.latitude());
                if (q.depthKm() != null) {
                    out.writeNumber(q.depthKm());
                }
                out.writeEndArray().writeEndObject().writeName("properties").writeStartObject();
                out.writeStringProperty("time", q.time().toString())
                        .writeStringProperty("updated", q.updated() == null ? null : q.updated().toString());
                number(out, "depthKm", q.depthKm());
                number(out, "magnitude", q.magnitude());
                out.writeStringProperty("magType", q.magType()).writeStringProperty("place", q.place())
                        .writeStringProperty("status", q.status()).writeName("tsunami");
                if (q.tsunami() == null) {
                    out.writeNull();
                } else {
                    out.writeBoolean(q.tsunami());
                }
                number(out, "sig", q.sig());
                out.writeStringProperty("net", q.net()).writeStringProperty("code", q.code()).writeStringProperty("alert", q.alert());
                number(out, "felt", q.felt());
                number(out, "cdi", q.cdi());
                number(out, "mmi", q.mmi());
                out.writeStringProperty("url", q.url());
                if (found.distanceKm() != null) {
                    number(out, "distanceKm", found.distanceKm());
                }
                out.writeEndObject().writeEndObject();
            }
            out.writeEndArray();
        }
        return bytes.size();
    }

    private static void number(JsonGenerator out, String name, Number value) {
        out.writeName(name);
        if (value == null) {
            out.writeNull();
        } else if (value instanceof Integer i) {
            out.writeNumber(i.intValue());
        } else {
            out.writeNumber(value.doubleValue());
        }
    }

    @Benchmark
    public int databindRecords() {
        bytes.reset();
        try (JsonGenerator out = records.createGenerator(bytes)) {
            out.writeStartArray();
            for (Found found : page) {
                Earthquake q = found.quake();
                List<Double> coordinates = q.depthKm() == null ? List.of(q.longitude(), q.latitude())
                        : List.of(q.longitude(), q.latitude(), q.depthKm());
                out.writePOJO(new Feature("Feature", q.sourceId(), new Geometry("Point", coordinates), new Properties(q.time().toString(),
                        q.updated() == null ? null : q.updated().toString(), q.depthKm(), q.magnitude(), q.magType(), q.place(),
                        q.status(), q.tsunami(), q.sig(), q.net(), q.code(), q.alert(), q.felt(), q.cdi(), q.mmi(), q.url(),
                        found.distanceKm())));
            }
            out.writeEndArray();
        }
        return bytes.size();
    }
}
