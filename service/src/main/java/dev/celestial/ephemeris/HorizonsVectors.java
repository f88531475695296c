package dev.celestial.ephemeris;

import dev.celestial.ingest.BodyReader;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.InvalidBatchException;
import dev.celestial.ingest.NativeFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JPL Horizons vector table: the API's text, or its JSON wrapper {@code {"result": "..."}}. The
 * header gives target, center, frame and units; the states between {@code $$SOE} and {@code $$EOE}
 * come either as CSV rows or as blocks of {@code X = .. Y = ..} lines. Each state becomes one record.
 */
final class HorizonsVectors implements NativeFormat<StateVector> {

    private static final Pattern HEADER = Pattern.compile("^(Target body name|Center body name|Reference frame|Output units)\\s*:\\s*(.*?)\\s*(\\{.*)?$");
    private static final Pattern PAIR = Pattern.compile("(X|Y|Z|VX|VY|VZ|LT|RG|RR)\\s*=\\s*(\\S+)");
    private static final Pattern BLOCK_START = Pattern.compile("^\\s*(\\d+\\.\\d+)\\s*=\\s*A\\.D\\..*");
    private static final String[] CSV = {"julianDate", null, "x", "y", "z", "vx", "vy", "vz", "lightTime", "range", "rangeRate"};
    private static final Map<String, String> NAMES = Map.of("X", "x", "Y", "y", "Z", "z", "VX", "vx", "VY", "vy",
            "VZ", "vz", "LT", "lightTime", "RG", "range", "RR", "rangeRate");

    private final EphemerisIngest kind;

    HorizonsVectors(EphemerisIngest kind) {
        this.kind = kind;
    }

    @Override
    public Flux<JsonNode> split(Flux<DataBuffer> body, BodyReader reader) {
        return reader.text(body).flatMapMany(text -> {
            String table = text;
            if (text.stripLeading().startsWith("{")) {
                JsonNode wrapper;
                try {
                    wrapper = reader.mapper().readTree(text);
                } catch (JacksonException e) {
                    return Flux.error(malformed("malformed Horizons JSON: " + e.getOriginalMessage()));
                }
                if (!wrapper.path("result").isString()) {
                    return Flux.error(malformed("a Horizons JSON answer needs a \"result\" string"));
                }
                table = wrapper.path("result").stringValue();
            }
            String states = table;
            return Flux.defer(() -> Flux.fromIterable(parse(states)));
        });
    }

    @Override
    public StateVector read(Fields f) {
        return kind.read(f);
    }

    static List<JsonNode> parse(String table) {
        Map<String, String> header = new LinkedHashMap<>();
        List<String> data = new ArrayList<>();
        boolean inData = false;
        boolean ended = false;
        for (String line : table.split("\\R")) {
            if (line.startsWith("$$SOE")) {
                inData = true;
            } else if (line.startsWith("$$EOE")) {
                ended = inData;
                inData = false;
            } else if (inData) {
                data.add(line);
            } else {
                Matcher m = HEADER.matcher(line);
                if (m.matches() && !header.containsKey(m.group(1))) {
                    header.put(m.group(1), m.group(2));
                }
            }
        }
        if (!ended) {
            throw malformed("no $$SOE ... $$EOE block of states: is this a Horizons VECTORS table?");
        }
        for (String field : List.of("Target body name", "Center body name", "Reference frame", "Output units")) {
            if (!header.containsKey(field)) {
                throw malformed("the Horizons header has no \"" + field + "\" line");
            }
        }
        List<JsonNode> states = new ArrayList<>();
        ObjectNode state = null;
        for (String line : data) {
            if (line.isBlank()) {
                continue;
            }
            Matcher block = BLOCK_START.matcher(line);
            if (block.matches()) {
                state = state(header);
                state.put("julianDate", Double.parseDouble(block.group(1)));
                states.add(state);
            } else if (line.contains(",") && !line.contains("=")) {
                ObjectNode row = state(header);
                String[] cells = line.split(",");
                for (int i = 0; i < CSV.length && i < cells.length; i++) {
                    if (CSV[i] != null) {
                        putNumber(row, CSV[i], cells[i].trim());
                    }
                }
                states.add(row);
            } else if (state != null) {
                Matcher pair = PAIR.matcher(line);
                while (pair.find()) {
                    putNumber(state, NAMES.get(pair.group(1)), pair.group(2));
                }
            } else {
                throw malformed("unreadable state line: " + line.strip());
            }
        }
        return states;
    }

    private static ObjectNode state(Map<String, String> header) {
        return JsonNodeFactory.instance.objectNode()
                .put("designation", header.get("Target body name"))
                .put("center", header.get("Center body name"))
                .put("frame", header.get("Reference frame"))
                .put("units", header.get("Output units"));
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
