package dev.celestial.access;

import java.util.Locale;

/** What a key allows: {@code ingest} the POST endpoints, {@code read} the queries, {@code admin} key management. */
public enum Scope {
    INGEST, READ, ADMIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    String authority() {
        return "SCOPE_" + label();
    }

    static Scope of(String label) {
        for (Scope scope : values()) {
            if (scope.label().equals(label)) {
                return scope;
            }
        }
        return null;
    }
}
