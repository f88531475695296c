package dev.celestial.correlation;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The enabled rules, as this instance last read them. A copy older than {@code rules-refresh} is read
 * again by whichever caller finds it so (inside that caller's transaction: a plain SELECT), so other
 * instances' changes show within that time; this instance's own changes drop the copy at once.
 * A stored rule that no longer parses (changed by hand in SQL) is left out and logged.
 */
@Component
class CorrelationRules {

    private static final Logger log = LoggerFactory.getLogger(CorrelationRules.class);

    /** An enabled rule by id. */
    record Enabled(long id, String name, Rule rule) {
    }

    private record Snapshot(List<Enabled> rules, long readAtNanos) {
    }

    private final DatabaseClient writer;
    private final JsonMapper json;
    private final CorrelationProperties properties;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

    CorrelationRules(@Qualifier("writer") DatabaseClient writer, JsonMapper json, CorrelationProperties properties) {
        this.writer = writer;
        this.json = json;
        this.properties = properties;
    }

    Mono<List<Enabled>> enabled() {
        Snapshot current = snapshot.get();
        long now = System.nanoTime();
        if (current != null && now - current.readAtNanos() < properties.rulesRefresh().toNanos()) {
            return Mono.just(current.rules());
        }
        return writer.sql("SELECT id, name, rule::text FROM celestial.correlation_rules WHERE enabled ORDER BY id")
                .map(row -> parse(row.get(0, Long.class), row.get(1, String.class), row.get(2, String.class)))
                .all()
                .filter(rule -> rule.rule() != null)
                .collectList()
                .doOnNext(rules -> snapshot.compareAndSet(current, new Snapshot(rules, now)));
    }

    /** Drops the copy, after a change this instance committed. */
    void changed() {
        snapshot.set(null);
    }

    private Enabled parse(long id, String name, String text) {
        try {
            return new Enabled(id, name, Rule.parse(json.readTree(text), "rule"));
        } catch (RuntimeException e) {
            log.warn("correlation rule {} ({}) is not evaluated: {}", id, name, e.getMessage());
            return new Enabled(id, name, null);
        }
    }
}
