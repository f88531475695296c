package dev.celestial.access;

import dev.celestial.web.BadParameterException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** A new API client as an admin sends it: {@code name} (required), {@code contact} and a non-empty {@code scopes}. */
record ClientRequest(String name, String contact, Set<Scope> scopes) {

    private static final Set<String> FIELDS = Set.of("name", "contact", "scopes");

    static ClientRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadParameterException("body", "a JSON object with name, contact and scopes");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new BadParameterException(field, "unknown field; known: name, contact, scopes");
            }
        }
        String name = text(body, "name", 200, true);
        String contact = text(body, "contact", 320, false);
        return new ClientRequest(name, contact, scopes(body.get("scopes")));
    }

    private static String text(JsonNode body, String field, int max, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new BadParameterException(field, "required");
            }
            return null;
        }
        if (!node.isString() || node.asString().isBlank() || node.asString().length() > max) {
            throw new BadParameterException(field, "a non-blank string of at most " + max + " characters");
        }
        return node.asString().trim();
    }

    private static Set<Scope> scopes(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new BadParameterException("scopes", "a non-empty array of ingest, read, admin");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (JsonNode element : node) {
            Scope scope = element.isString() ? Scope.of(element.asString()) : null;
            if (scope == null) {
                throw new BadParameterException("scopes", "unknown scope " + element + "; known: ingest, read, admin");
            }
            scopes.add(scope);
        }
        return Collections.unmodifiableSet(scopes);
    }
}
