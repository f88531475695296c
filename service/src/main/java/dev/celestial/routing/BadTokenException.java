package dev.celestial.routing;

/**
 * A consistency token that is no WAL position, or one ahead of the primary (no write answered it). It
 * answers as a bad {@code consistencyToken} parameter does; routing raises its own type so that it needs
 * nothing from the HTTP layer above it.
 */
public class BadTokenException extends RuntimeException {

    public static final String PARAMETER = "consistencyToken";

    public BadTokenException(String message) {
        super(PARAMETER + ": " + message);
    }

    public String parameter() {
        return PARAMETER;
    }
}
