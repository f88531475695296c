package dev.celestial.web;

/** A field of a request body that is missing, of the wrong shape or out of range: 422 naming it (e.g. {@code conditions.region.radiusKm}). */
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
