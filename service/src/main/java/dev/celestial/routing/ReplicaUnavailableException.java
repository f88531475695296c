package dev.celestial.routing;

/** Reads are configured to fail rather than fall back, and the replica cannot serve them. */
public class ReplicaUnavailableException extends RuntimeException {

    public ReplicaUnavailableException(String reason) {
        super("the replica cannot serve reads (" + reason + ") and reads are configured not to fall back");
    }
}
