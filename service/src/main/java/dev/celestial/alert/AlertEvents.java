package dev.celestial.alert;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Alerts read together and their Server-Sent Events, rendered once: every subscriber without a filter
 * is written the same bytes, so 200 subscribers cost one rendering, not 200.
 */
record AlertEvents(List<AlertQueries.Alert> alerts, byte[] all) {

    static AlertEvents of(List<AlertQueries.Alert> alerts) {
        return new AlertEvents(List.copyOf(alerts), render(alerts));
    }

    /** The events of {@code alerts}, each {@code id}, {@code event: alert} and the document on one data line. */
    static byte[] render(List<AlertQueries.Alert> alerts) {
        StringBuilder text = new StringBuilder(alerts.size() * 512);
        for (AlertQueries.Alert alert : alerts) {
            // the document is one line: json_build_object and jsonb write no line breaks, and escape those in strings
            text.append("id: ").append(alert.id()).append("\nevent: alert\ndata: ").append(alert.json()).append("\n\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    long firstId() {
        return alerts.get(0).id();
    }

    long lastId() {
        return alerts.get(alerts.size() - 1).id();
    }
}
