package dev.celestial.ingest;

/** A body, line or document over its configured limit. */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
