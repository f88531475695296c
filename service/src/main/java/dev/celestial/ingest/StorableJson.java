package dev.celestial.ingest;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Whether free-form upstream JSON may go into a jsonb column as it is: no NUL anywhere (jsonb refuses it), bounded depth. */
final class StorableJson {

    /** Where in the value it fails, and why. */
    record Problem(String path, String message) {
    }

    private StorableJson() {
    }

    /** The first problem in {@code value}, found at {@code path}, or null. */
    static Problem check(String path, JsonNode value) {
        return check(path, value, 1);
    }

    /** {@code depth}: the level {@code value} is at when a container, the outermost being 1. */
    private static Problem check(String path, JsonNode value, int depth) {
        if (value.isString()) {
            return value.stringValue().indexOf('\0') >= 0 ? new Problem(path, "contains a NUL character") : null;
        }
        if (!value.isContainer()) {
            return null;
        }
        if (depth > Fields.MAX_JSON_DEPTH) {
            return new Problem(path, "is nested deeper than " + Fields.MAX_JSON_DEPTH + " levels");
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                Problem problem = check(path + "[" + i + "]", value.get(i), depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        for (Map.Entry<String, JsonNode> property : value.properties()) {
            if (property.getKey().indexOf('\0') >= 0) {
                return new Problem(path, "has a key containing a NUL character");
            }
            Problem problem = check(path + "." + Fields.shown(property.getKey()), property.getValue(), depth + 1);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
