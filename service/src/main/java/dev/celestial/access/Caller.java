package dev.celestial.access;

import java.util.Set;
import java.util.UUID;

/** Who sent a request: an API client, or the bootstrap admin key ({@code id} null). */
public record Caller(UUID id, String name, Set<Scope> scopes) {

    static final Caller BOOTSTRAP = new Caller(null, "bootstrap", Set.of(Scope.ADMIN));
}
