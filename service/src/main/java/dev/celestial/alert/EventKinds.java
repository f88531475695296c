package dev.celestial.alert;

import dev.celestial.ingest.IngestKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** The kinds triggers can watch: every ingest kind that declares a {@link dev.celestial.ingest.Watch}, by label. */
@Component
class EventKinds {

    private final Map<String, EventKind> byLabel = new TreeMap<>();

    EventKinds(List<IngestKind<?>> kinds) {
        kinds.stream().filter(kind -> kind.watch() != null).forEach(kind -> {
            if (byLabel.put(kind.eventKind(), EventKind.of(kind)) != null) {
                throw new IllegalStateException("two kinds are named " + kind.eventKind());
            }
        });
    }

    /** The kind named {@code label} in {@code data_triggers.event_kind}, or null. */
    EventKind of(String label) {
        return label == null ? null : byLabel.get(label);
    }

    /** The labels, in alphabetical order. */
    List<String> labels() {
        return List.copyOf(byLabel.keySet());
    }
}
