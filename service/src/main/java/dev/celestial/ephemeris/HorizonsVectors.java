package dev.celestial.ephemeris;

import dev.celestial.ingest.BodyReader;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.InvalidBatchException;
import dev.celestial.ingest.NativeFormat;
import dev.celestial.ingest.PayloadTooLargeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JPL Horizons vector table: the API's text, read line by line as it arrives, or its JSON wrapper
 * {@code {"result": "..."}}, read whole within {@code max-native-size}. The header gives target,
 * center, frame and units; the states between {@code $$SOE} and {@code $$EOE} come either as CSV rows
 * or as blocks of {@code X = .. Y = ..} lines. Each state becomes one record. Header lines are read by
 * plain string operations and the state patterns are possessive, so no line can make matching slow.
 */
final class HorizonsVectors implements NativeFormat<StateVector> {

    private static final List<String> HEADER = List.of("Target body name", "Center body name", "Reference frame", "Output units");
    private static final Pattern PAIR = Pattern.compile("(X|Y|Z|VX|VY|VZ|LT|RG|RR)\\s*+=\\s*+(\\S++)");
    private static final Pattern BLOCK_START = Pattern.compile("\\s*+(\\d++\\.\\d++)\\s*+=\\s*+A\\.D\\..*+");
    private static final String[] CSV = {"julianDate", null, "x", "y", "z", "vx", "vy", "vz", "lightTime", "range", "rangeRate"};
    private static final Map<String, String> NAMES = Map.of("X", "x", "Y", "y", "Z", "z", "VX", "vx", "VY", "vy",
            "VZ", "vz", "LT", "lightTime", "RG", "range", "RR", "rangeRate");

    /** Whitespace-only buffers dropped at most before the first one that tells JSON from text. */
    private static final int MAX_BLANK_BUFFERS = 4;

    private final EphemerisIngest kind;

    HorizonsVectors(EphemerisIngest kind) {
        this.kind = kind;
    }

    @Override
    public Flux<JsonNode> split(Flux<DataBuffer> body, BodyReader reader) {
        // JSON or text is told by the first byte that is not whitespace, which a first buffer of whitespace alone does
        // not hold: a few such buffers are dropped (released, as what a skip discards); never many, as the body's stall
        // guard starts only with the body that follows
        Flux<DataBuffer> content = Flux.defer(() -> {
            AtomicInteger blank = new AtomicInteger();
            return body.skipWhile(buffer -> firstByte(buffer) < 0 && blank.incrementAndGet() <= MAX_BLANK_BUFFERS);
        }).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
        return content.switchOnFirst((first, whole) -> {
            if (first.hasValue() && firstByte(first.get()) == '{') {
                return reader.tree(whole).flatMapMany(wrapper -> {
                    if (!wrapper.path("result").isString()) {
                        return Flux.error(malformed("a Horizons JSON answer needs a \"result\" string"));
                    }
                    long maxLine = reader.maxLineSize();
                    return table(Flux.fromStream(wrapper.path("result").stringValue().lines()).doOnNext(line -> {
                        if (line.length() > maxLine) {
                            throw new PayloadTooLargeException("a line of the Horizons result is longer than " + maxLine + " characters");
                        }
                    }));
                });
            }
            return table(reader.lines(whole));
        });
    }

    @Override
    public StateVector read(Fields f) {
        return kind.read(f);
    }

    /** The states of a table given as lines, each emitted once complete. */
    static Flux<JsonNode> table(Flux<String> lines) {
        return Flux.defer(() -> {
            Table table = new Table();
            return lines.concatMapIterable(table::line).concatWith(Flux.defer(() -> Flux.fromIterable(table.end())));
        });
    }

    /** The buffer's first byte that is not whitespace, or -1 when it holds only whitespace. */
    private static int firstByte(DataBuffer buffer) {
        for (int i = buffer.readPosition(); i < buffer.writePosition(); i++) {
            byte b = buffer.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b;
            }
        }
        return -1;
    }

    /** The reading state of one table: header, states, and the block being filled. */
    private static final class Table {
        private final Map<String, String> header = new LinkedHashMap<>();
        private boolean inData;
        private boolean ended;
        private ObjectNode block;

        List<JsonNode> line(String line) {
            List<JsonNode> done = new ArrayList<>(1);
            if (line.startsWith("$$SOE")) {
                for (String field : HEADER) {
                    if (!header.containsKey(field)) {
                        throw malformed("the Horizons header has no \"" + field + "\" line");
                    }
                }
                inData = true;
            } else if (line.startsWith("$$EOE")) {
                flush(done);
                ended = inData;
                inData = false;
            } else if (inData) {
                state(line, done);
            } else {
                headerLine(line);
            }
            return done;
        }

        List<JsonNode> end() {
            if (!ended) {
                throw malformed("no $$SOE ... $$EOE block of states: is this a Horizons VECTORS table?");
            }
            return List.of();
        }

        /** {@code Name : value {comment}}: the value is what stands before any brace, trimmed. */
        private void headerLine(String line) {
            for (String field : HEADER) {
                if (line.startsWith(field) && !header.containsKey(field)) {
                    String rest = line.substring(field.length()).stripLeading();
                    if (rest.startsWith(":")) {
                        String value = rest.substring(1);
                        int brace = value.indexOf('{');
                        header.put(field, (brace < 0 ? value : value.substring(0, brace)).strip());
                    }
                    return;
                }
            }
        }

        private void state(String line, List<JsonNode> done) {
            if (line.isBlank()) {
                return;
            }
            Matcher start = BLOCK_START.matcher(line);
            if (start.matches()) {
                flush(done);
                block = newState();
                block.put("julianDate", Double.parseDouble(start.group(1)));
            } else if (line.contains(",") && !line.contains("=")) {
                flush(done);
                ObjectNode row = newState();
                String[] cells = line.split(",");
                for (int i = 0; i < CSV.length && i < cells.length; i++) {
                    if (CSV[i] != null) {
                        putNumber(row, CSV[i], cells[i].trim());
                    }
                }
                done.add(row);
            } else if (block != null) {
                Matcher pair = PAIR.matcher(line);
                while (pair.find()) {
                    putNumber(block, NAMES.get(pair.group(1)), pair.group(2));
                }
            } else {
                String shown = line.strip();
                throw malformed("unreadable state line: " + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown));
            }
        }

        private void flush(List<JsonNode> done) {
            if (block != null) {
                done.add(block);
                block = null;
            }
        }

        private ObjectNode newState() {
            return JsonNodeFactory.instance.objectNode()
                    .put("designation", header.get("Target body name"))
                    .put("center", header.get("Center body name"))
                    .put("frame", header.get("Reference frame"))
                    .put("units", header.get("Output units"));
        }
    }

    /** Numbers stay text when unparseable, so validation names the field. */
    private static void putNumber(ObjectNode node, String name, String text) {
        try {
            node.put(name, Double.parseDouble(text));
        } catch (NumberFormatException e) {
            node.put(name, text);
        }
    }

    private static InvalidBatchException malformed(String message) {
        return new InvalidBatchException(InvalidBatchException.Kind.MALFORMED, message, List.of());
    }
}
