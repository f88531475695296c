package dev.celestial.correlation;

import dev.celestial.web.InvalidFieldException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A correlation rule as an admin sends it: {@code name}, {@code description}, {@code enabled} and
 * {@code rule} (the definition, see {@link Rule}). A field left out is null: for a create or a replace
 * {@code name} and {@code rule} are required, {@code enabled} defaults to true; for a patch each given
 * field changes and the others stay.
 */
record RuleRequest(String name, String description, boolean descriptionGiven, Boolean enabled, Rule rule) {

    private static final Set<String> FIELDS = Set.of("name", "description", "enabled", "rule");

    static RuleRequest parse(JsonNode body, boolean whole) {
        if (body == null || !body.isObject()) {
            throw new InvalidFieldException("body", "a JSON object with name, description, enabled and rule");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidFieldException(field, "unknown field; known: name, description, enabled, rule");
            }
        }
        String name = null;
        JsonNode nameNode = body.get("name");
        if (nameNode != null) {
            if (!nameNode.isString() || nameNode.asString().isBlank() || nameNode.asString().length() > 200) {
                throw new InvalidFieldException("name", "a non-blank string of at most 200 characters");
            }
            name = nameNode.asString().trim();
        } else if (whole) {
            throw new InvalidFieldException("name", "required");
        }
        JsonNode descriptionNode = body.get("description");
        String description = null;
        if (descriptionNode != null && !descriptionNode.isNull()) {
            if (!descriptionNode.isString() || descriptionNode.asString().length() > 2000) {
                throw new InvalidFieldException("description", "a string of at most 2000 characters, or null");
            }
            description = descriptionNode.asString();
        }
        Boolean enabled = whole ? Boolean.TRUE : null;
        JsonNode enabledNode = body.get("enabled");
        if (enabledNode != null) {
            if (!enabledNode.isBoolean()) {
                throw new InvalidFieldException("enabled", "true or false");
            }
            enabled = enabledNode.booleanValue();
        }
        Rule rule = null;
        if (body.has("rule")) {
            rule = Rule.parse(body.get("rule"), "rule");
        } else if (whole) {
            throw new InvalidFieldException("rule", "required");
        }
        return new RuleRequest(name, description, whole || descriptionNode != null, enabled, rule);
    }
}
