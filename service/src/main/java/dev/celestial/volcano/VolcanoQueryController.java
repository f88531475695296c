package dev.celestial.volcano;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.db.Where;
import dev.celestial.web.JsonRows;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/volcanic-activity/nearby}: eruptions within a radius, newest first. */
@RestController
@Requires(Scope.READ)
class VolcanoQueryController {

    private final JsonRows rows;
    private final QueryLimits limits;

    VolcanoQueryController(JsonRows rows, QueryLimits limits) {
        this.rows = rows;
        this.limits = limits;
    }

    @GetMapping("/api/v1/volcanic-activity/nearby")
    Mono<Void> nearby(ServerWebExchange exchange) {
        QueryParams p = limits.params(exchange);
        QueryParams.Range<Instant> time = p.timeRange("from", "to");
        Where where = new Where()
                .bind("lat", p.number("lat", -90, 90, true))
                .bind("lon", p.number("lon", -180, 180, true))
                .bind("radiusM", p.radiusKm("radiusKm") * 1000)
                .and(time.min(), "coalesce(v.eruption_end, 'infinity') >= :from", "from")
                .and(time.max(), "v.eruption_start < :to", "to");
        int limit = p.limit(100);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        return rows.list(exchange, token, """
                SELECT row_to_json(r)::text FROM (
                SELECT v.volcano_number AS "volcanoNumber", v.volcano_name AS "volcanoName",
                       ST_Y(v.location::geometry) AS latitude, ST_X(v.location::geometry) AS longitude,
                       v.elevation_m AS "elevationM", v.eruption_start AS "eruptionStart", v.eruption_end AS "eruptionEnd",
                       v.vei, v.alert_level AS "alertLevel", v.activity_type AS "activityType",
                       floor(ST_Distance(v.location, ST_MakePoint(:lon, :lat)::geography)) / 1000 AS "distanceKm"
                  FROM celestial.volcanic_activity v
                 WHERE ST_DWithin(v.location, ST_MakePoint(:lon, :lat)::geography, :radiusM)""" + where.sql() + """

                 ORDER BY v.eruption_start DESC, v.volcano_number
                 LIMIT :limit) r""", where, limit);
    }
}
