package dev.celestial.monitoring;

import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The primary's statements by total execution time, from {@code pg_stat_statements} in this database,
 * on the control pool (two connections that uploads filling the writer pool cannot take). The writer
 * role sees other roles' statement texts only with {@code pg_read_all_stats} (deploy/local/bootstrap.sql).
 */
@Component
class TopStatements {

    /** Longest statement text returned; pg_stat_statements keeps up to track_activity_query_size. */
    static final int MAX_QUERY_CHARS = 1000;

    /** One normalised statement: constants are {@code $n} placeholders, so no value shows here. */
    record Statement(String queryId, String role, String query, long calls, double totalMs, double meanMs, long rows) {
    }

    private final DatabaseClient control;
    private final Duration timeout;

    TopStatements(@Qualifier("control") DatabaseClient control,
                  @Value("${celestial.monitoring.statements-timeout}") Duration timeout) {
        this.control = control;
        this.timeout = timeout;
    }

    Mono<List<Statement>> top(int limit) {
        return control.sql("""
                        SELECT s.queryid::text AS query_id, r.rolname AS role, left(s.query, :chars) AS query, s.calls,
                               s.total_exec_time AS total_ms, s.mean_exec_time AS mean_ms, s.rows
                          FROM pg_stat_statements s
                          LEFT JOIN pg_roles r ON r.oid = s.userid
                         WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                         ORDER BY s.total_exec_time DESC
                         LIMIT :limit""")
                .bind("chars", MAX_QUERY_CHARS)
                .bind("limit", limit)
                .map(row -> new Statement(row.get("query_id", String.class), row.get("role", String.class),
                        row.get("query", String.class), row.get("calls", Long.class), row.get("total_ms", Double.class),
                        row.get("mean_ms", Double.class), row.get("rows", Long.class)))
                .all()
                .collectList()
                .timeout(timeout);
    }
}
