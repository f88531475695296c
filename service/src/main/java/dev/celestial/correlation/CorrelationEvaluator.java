package dev.celestial.correlation;

import dev.celestial.ingest.ChunkWritten;
import dev.celestial.ingest.IngestKind;
import dev.celestial.read.Where;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Evaluates the enabled rules for each written chunk, inside the ingest request's transaction: the
 * correlations commit with the events or not at all, so no committed event ever misses its
 * correlations, and nothing needs recovering after a crash. A chunk of a kind no enabled rule names
 * costs no statement; otherwise one statement per rule side naming the kind, reading the chunk's stored
 * rows by key (a newer stored revision, not the posted one, decides). Pairs already stored stay as they
 * are ({@code ON CONFLICT DO NOTHING}): a re-post adds nothing, an update that newly qualifies adds its pair.
 */
@Component
class CorrelationEvaluator implements ChunkWritten {

    private final DatabaseClient writer;
    private final CorrelationRules rules;

    CorrelationEvaluator(@Qualifier("writer") DatabaseClient writer, CorrelationRules rules) {
        this.writer = writer;
        this.rules = rules;
    }

    @Override
    public <R> Mono<Void> written(IngestKind<R> kind, List<R> records) {
        EventKind eventKind = EventKind.ofIngest(kind.name());
        if (eventKind == null || records.isEmpty()) {
            return Mono.empty();
        }
        return rules.enabled().flatMap(enabled -> {
            List<CorrelationRules.Enabled> involved = enabled.stream().filter(r -> r.rule().involves(eventKind)).toList();
            if (involved.isEmpty()) {
                return Mono.empty();
            }
            Keys keys = Keys.of(kind, eventKind, records);
            List<Mono<Long>> statements = new ArrayList<>();
            for (CorrelationRules.Enabled rule : involved) {
                for (CorrelationSql.Driving driving : CorrelationSql.Driving.values()) {
                    Side side = driving == CorrelationSql.Driving.FIRST ? rule.rule().first() : rule.rule().second();
                    if (side.kind() == eventKind) {
                        Where where = CorrelationSql.byKeys(eventKind, driving, keys);
                        String sql = CorrelationSql.insert(rule.id(), rule.rule(), where);
                        statements.add(where.apply(writer, sql).fetch().rowsUpdated());
                    }
                }
            }
            // one after the other on the request's one connection
            return Flux.concat(statements).then();
        });
    }
}
