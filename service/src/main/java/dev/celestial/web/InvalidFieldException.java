package dev.celestial.web;

/** A field of a request body that is missing, of the wrong type, out of range or unknown: 422 naming it. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
