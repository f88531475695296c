package dev.celestial.ingest;

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

/**
 * A chunk of 1000 earthquake-like rows written as COPY text rows and as unnest array literals, by
 * {@link Column} (a chain of {@link String#replace}) and by one pass copying char by char, which Column did until this
 * benchmark found it slower. Run with deploy/bench/micro.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ColumnEscapingBenchmark {

    record Row(String id, Instant time, Double magnitude, String place, Boolean tsunami, Integer significance, String url) {
    }

    private final List<Column<Row>> columns = List.of(
            Column.text("source_id", Row::id), Column.time("occurred_at", Row::time), Column.float8("magnitude", Row::magnitude),
            Column.text("place", Row::place), Column.bool("tsunami", Row::tsunami), Column.int4("significance", Row::significance),
            Column.text("url", Row::url));

    private List<Row> rows;

    @Setup
    public void rows() {
        Random random = new Random(42);
        rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(new Row("bench%08d".formatted(i), Instant.ofEpochSecond(1_420_070_400L + random.nextInt(315_360_000)),
                    1 + random.nextDouble() * 6, "%d km SSW of \"Somewhere\", CA".formatted(random.nextInt(100)),
                    random.nextBoolean(), random.nextInt(1000), i % 3 == 0 ? null : "https://earthquake.usgs.gov/earthquakes/eventpage/ci" + i));
        }
    }

    @Benchmark
    public int copyRowsColumn() {
        StringBuilder text = new StringBuilder(rows.size() * 256);
        for (Row row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                columns.get(i).appendField(i == 0 ? text : text.append('\t'), row);
            }
            text.append('\n');
        }
        return text.length();
    }

    @Benchmark
    public int copyRowsCharLoop() {
        StringBuilder text = new StringBuilder(rows.size() * 256);
        for (Row row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                Object v = columns.get(i).value().apply(row);
                if (i > 0) {
                    text.append('\t');
                }
                if (v == null) {
                    text.append("\\N");
                    continue;
                }
                String s = v.toString();
                for (int k = 0; k < s.length(); k++) {
                    char c = s.charAt(k);
                    switch (c) {
                        case '\\' -> text.append("\\\\");
                        case '\t' -> text.append("\\t");
                        case '\n' -> text.append("\\n");
                        case '\r' -> text.append("\\r");
                        default -> text.append(c);
                    }
                }
            }
            text.append('\n');
        }
        return text.length();
    }

    @Benchmark
    public int arrayLiteralsColumn() {
        int length = 0;
        for (Column<Row> column : columns) {
            StringBuilder literal = new StringBuilder(rows.size() * 16).append('{');
            for (Row row : rows) {
                if (literal.length() > 1) {
                    literal.append(',');
                }
                column.appendElement(literal, row);
            }
            length += literal.append('}').length();
        }
        return length;
    }

    @Benchmark
    public int arrayLiteralsCharLoop() {
        int length = 0;
        for (Column<Row> column : columns) {
            StringBuilder literal = new StringBuilder(rows.size() * 16).append('{');
            for (Row row : rows) {
                if (literal.length() > 1) {
                    literal.append(',');
                }
                Object v = column.value().apply(row);
                if (v == null) {
                    literal.append("NULL");
                } else if (!column.type().equals("text")) {
                    literal.append(v);
                } else {
                    literal.append('"');
                    String s = v.toString();
                    for (int k = 0; k < s.length(); k++) {
                        char c = s.charAt(k);
                        if (c == '"' || c == '\\') {
                            literal.append('\\');
                        }
                        literal.append(c);
                    }
                    literal.append('"');
                }
            }
            length += literal.append('}').length();
        }
        return length;
    }
}
