package dev.celestial.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What was wrong with one record of a batch: its position (index from 0 in a JSON array or
 * native document, line from 1 in NDJSON), the field, and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordError(Long index, Long line, String field, String message) {

    static RecordError at(Position position, String field, String message) {
        return position.line() ? new RecordError(null, position.value(), field, message)
                : new RecordError(position.value(), null, field, message);
    }

    /** Where a record sits in the request body. */
    public record Position(long value, boolean line) {
        String describe() {
            return (line ? "line " : "record ") + value;
        }
    }
}
