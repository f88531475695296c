package dev.celestial.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Splits a JSON body, fed chunk by chunk as it arrives, into the elements of one array: the top-level
 * array ({@code field} null; a lone top-level object is one element), or the array under a top-level
 * field (USGS {@code features}). Only the element being read is held, up to {@code maxElement} bytes;
 * everything else is skipped token by token, except top-level strings, kept for {@link #topLevel()}.
 * Not thread-safe: one instance per body, fed in order.
 */
final class JsonElements {

    private final JsonMapper mapper;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final String field;
    private final long maxElement;
    private final Map<String, String> topLevel = new HashMap<>();
    private int depth;
    private String name;
    /** Depth of the array being split, 0 until it opens; -1 once it has closed. */
    private int arrayDepth;
    private TokenBuffer element;
    private long elementStart;
    private long index;
    private boolean started;
    /** Whether the top-level value has closed: anything after it but whitespace is refused. */
    private boolean ended;

    JsonElements(JsonMapper mapper, String field, long maxElement) {
        this.mapper = mapper;
        this.parser = mapper.createNonBlockingByteArrayParser();
        this.feeder = (ByteArrayFeeder) parser.nonBlockingInputFeeder();
        this.field = field;
        this.maxElement = maxElement;
    }

    /** The elements completed by {@code bytes}. */
    List<JsonNode> feed(byte[] bytes) {
        try {
            feeder.feedInput(bytes, 0, bytes.length);
            return tokens();
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage());
        }
    }

    /** The last elements; fails when the body ended inside a value or held no JSON at all. */
    List<JsonNode> end() {
        try {
            feeder.endOfInput();
            List<JsonNode> last = tokens();
            if (!started || depth != 0) {
                throw malformed("the body ended before its JSON did");
            }
            return last;
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage());
        }
    }

    /** Whether the array was found (and closed). */
    boolean found() {
        return arrayDepth < 0;
    }

    /** The top-level object's string fields (such as {@code type}). */
    Map<String, String> topLevel() {
        return topLevel;
    }

    /** Elements read so far. */
    long count() {
        return index;
    }

    private List<JsonNode> tokens() {
        List<JsonNode> done = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            if (ended) {
                // a parser reading a stream takes root values one after another: a second one here would be dropped
                throw malformed("a second JSON value follows the first; the body must be one JSON "
                        + (field == null ? "array (NDJSON goes as application/x-ndjson)" : "object"));
            }
            if (!started) {
                started = true;
                if (field == null && token == JsonToken.START_ARRAY) {
                    arrayDepth = 1;
                } else if (field == null && token == JsonToken.START_OBJECT) {
                    // a lone object is one record
                    element = TokenBuffer.forBuffering(parser, parser.objectReadContext());
                    element.copyCurrentEvent(parser);
                    elementStart = offset();
                } else if (token != JsonToken.START_OBJECT) {
                    throw malformed(field == null ? "expected a JSON array of records" : "expected a JSON object");
                }
            } else if (element != null) {
                element.copyCurrentEvent(parser);
                if (offset() - elementStart > maxElement) {
                    throw new PayloadTooLargeException("record " + index + " is larger than " + maxElement + " bytes");
                }
            } else if (depth == arrayDepth && arrayDepth > 0) {
                // directly inside the array: an element starts (a scalar is a whole element)
                if (token == JsonToken.END_ARRAY) {
                    arrayDepth = -1;
                } else if (token.isStructStart()) {
                    element = TokenBuffer.forBuffering(parser, parser.objectReadContext());
                    element.copyCurrentEvent(parser);
                    elementStart = offset();
                } else {
                    done.add(scalar(token));
                }
            } else if (depth == 1 && field != null) {
                if (token == JsonToken.PROPERTY_NAME) {
                    name = parser.currentName();
                } else if (token == JsonToken.START_ARRAY && field.equals(name) && arrayDepth == 0) {
                    arrayDepth = 2;
                } else if (token == JsonToken.VALUE_STRING) {
                    topLevel.putIfAbsent(name, parser.getString());
                }
            }
            depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
            ended = depth == 0;
            if (element != null && depth == Math.max(arrayDepth, 0)) {
                done.add(mapper.readTree(element.asParser(parser.objectReadContext())));
                element = null;
                index++;
            }
        }
        return done;
    }

    private JsonNode scalar(JsonToken token) {
        index++;
        return switch (token) {
            case VALUE_STRING -> JsonNodeFactory.instance.stringNode(parser.getString());
            case VALUE_NULL -> JsonNodeFactory.instance.nullNode();
            case VALUE_TRUE, VALUE_FALSE -> JsonNodeFactory.instance.booleanNode(token == JsonToken.VALUE_TRUE);
            default -> JsonNodeFactory.instance.numberNode(parser.getDecimalValue());
        };
    }

    private long offset() {
        return parser.currentLocation().getByteOffset();
    }

    private InvalidBatchException malformed(String detail) {
        return BodyReader.malformed(new RecordError.Position(index, false), detail);
    }
}
