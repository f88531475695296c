package dev.celestial.access;

import java.util.Set;
import java.util.UUID;

/** Who sent a request: an API client, or the bootstrap admin key or the instance's warm-up ({@code id} null). */
public record Caller(UUID id, String name, Set<Scope> scopes) {

    static final Caller BOOTSTRAP = new Caller(null, "bootstrap", Set.of(Scope.ADMIN));
    /** The instance itself, reading before it reports ready (see the warmup package). */
    static final Caller WARMUP = new Caller(null, "warm-up", Set.of(Scope.READ));
}
