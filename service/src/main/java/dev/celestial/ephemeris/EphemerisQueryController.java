package dev.celestial.ephemeris;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.db.Where;
import dev.celestial.web.JsonRows;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/ephemeris/{designation}}: state vectors in time order, streamed. */
@RestController
@Requires(Scope.READ)
class EphemerisQueryController {

    private final JsonRows rows;
    private final QueryLimits limits;

    EphemerisQueryController(JsonRows rows, QueryLimits limits) {
        this.rows = rows;
        this.limits = limits;
    }

    @GetMapping("/api/v1/ephemeris/{designation}")
    Mono<Void> vectors(@PathVariable String designation, ServerWebExchange exchange) {
        QueryParams p = limits.params(exchange);
        QueryParams.Range<Instant> time = p.timeRange("from", "to");
        Where where = new Where().bind("designation", designation)
                .and(time.min(), "epoch_tdb >= :from", "from")
                .and(time.max(), "epoch_tdb <= :to", "to")
                .and(p.text("center"), "center = :center", "center")
                .and(p.text("frame"), "reference_frame = :frame", "frame");
        int limit = p.limit(20_000);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        return rows.list(exchange, token, """
                SELECT row_to_json(r)::text FROM (
                SELECT designation, center, reference_frame AS frame, units, julian_date_tdb AS "julianDate",
                       epoch_tdb AS "epochTdb", x, y, z, vx, vy, vz, light_time AS "lightTime", range,
                       range_rate AS "rangeRate"
                  FROM celestial.ephemeris_vectors
                 WHERE designation = :designation""" + where.sql() + """

                 ORDER BY epoch_tdb, center, reference_frame
                 LIMIT :limit) r""", where, limit);
    }
}
