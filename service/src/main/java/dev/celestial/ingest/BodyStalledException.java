package dev.celestial.ingest;

/** The sender stopped sending the body for longer than {@code celestial.ingest.body-stall-timeout}. */
public class BodyStalledException extends RuntimeException {
    public BodyStalledException(String message) {
        super(message);
    }
}
