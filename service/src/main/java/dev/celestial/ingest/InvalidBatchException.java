package dev.celestial.ingest;

import java.util.List;

/** A batch refused because of its content; nothing of it was written. */
public class InvalidBatchException extends RuntimeException {

    /** 422 when records were well-formed but invalid, 400 when the body could not be read. */
    public enum Kind { MALFORMED, INVALID }

    private final Kind kind;
    private final transient List<RecordError> errors;

    public InvalidBatchException(Kind kind, String message, List<RecordError> errors) {
        super(message);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public Kind kind() {
        return kind;
    }

    public List<RecordError> errors() {
        return errors;
    }
}
