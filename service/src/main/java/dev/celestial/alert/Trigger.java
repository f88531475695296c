package dev.celestial.alert;

/** A stored trigger as the evaluator uses it: its conditions as JSON text. */
record Trigger(long id, String name, String eventKind, String conditions, String severity, boolean enabled) {
}
