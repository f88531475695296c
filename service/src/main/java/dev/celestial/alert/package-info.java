/**
 * Alerts: triggers evaluated in the ingest transaction ({@code TriggerEvaluator}, conditions compiled
 * to SQL by {@code Conditions}), the alert list, summary and state changes, trigger management, and the
 * live stream ({@code AlertFeed}: one LISTEN connection per instance; {@code AlertStream}: one
 * subscriber). Layer: a feature over the kinds.
 */
package dev.celestial.alert;
