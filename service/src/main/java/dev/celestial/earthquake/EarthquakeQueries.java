package dev.celestial.earthquake;

import dev.celestial.db.Where;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.CursorSigner;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/**
 * The earthquake reads, as SQL: within a radius (on the GiST index of {@code (location, occurred_at)}), within a
 * latitude/longitude box, one by id. Pages are keyset pages: a cursor carries the last row's sort
 * key, so every row is returned exactly once however the table changes between pages.
 */
public final class EarthquakeQueries {

    public static final double MAX_RADIUS_KM = 20_001.6;

    /** A stored earthquake and, for radius queries, its distance from the query point. */
    record Found(Earthquake quake, Double distanceM) {

        /** The distance in km to the metre, rounded down (so never past the query's radius); the cursor keeps the exact one. */
        Double distanceKm() {
            return distanceM == null ? null : Math.floor(distanceM) / 1000;
        }
    }

    /** Filters every earthquake query shares; any may be null. */
    record Filters(Instant from, Instant to, Double minMagnitude, Double maxMagnitude, Double minDepthKm, Double maxDepthKm) {
    }

    /** Sort orders: the SQL expression sorted on, its direction, and its SQL type for the cursor. */
    enum Order {
        TIME("time", "occurred_at", "DESC", "timestamptz"),
        TIME_ASC("time-asc", "occurred_at", "ASC", "timestamptz"),
        MAGNITUDE("magnitude", "coalesce(magnitude, -100)", "DESC", "float8"),
        DISTANCE("distance", "ST_Distance(location, ST_MakePoint(:lon, :lat)::geography)", "ASC", "float8");

        final String name;
        final String expression;
        final String direction;
        final String type;

        Order(String name, String expression, String direction, String type) {
            this.name = name;
            this.expression = expression;
            this.direction = direction;
            this.type = type;
        }

        /** Whether {@code value} is a sort value of this order, as {@link #after} writes them. */
        boolean accepts(String value) {
            try {
                if (type.equals("timestamptz")) {
                    Instant.parse(value);
                    return true;
                }
                return Double.isFinite(Double.parseDouble(value));
            } catch (RuntimeException e) {
                return false;
            }
        }

        static Order named(String name) {
            for (Order order : values()) {
                if (order.name.equals(name)) {
                    return order;
                }
            }
            throw new BadParameterException("orderBy", "unknown order " + name);
        }
    }

    /** Where the previous page stopped: its order, the last row's sort value and id; signed, so it comes back as written. */
    record Cursor(Order order, String value, String sourceId) {

        String encode(CursorSigner signer) {
            return signer.sign((order.name + "\n" + value + "\n" + sourceId).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text, Order expected, CursorSigner signer) {
            String[] parts = new String(signer.verify(text), StandardCharsets.UTF_8).split("\n", -1);
            // a genuine cursor of another orderBy would sort on another value
            if (parts.length == 3 && parts[0].equals(expected.name) && expected.accepts(parts[1]) && !parts[2].isEmpty()) {
                return new Cursor(expected, parts[1], parts[2]);
            }
            throw new BadParameterException("cursor", "not a cursor of this query (orderBy " + expected.name + ")");
        }
    }

    /** The time windows of a newest-first radius read, newest first; the last branch takes what is older than the last. */
    static final List<String> WINDOWS = List.of("14 days", "90 days", "1 year");

    public static final String COLUMNS = """
            SELECT source_id, occurred_at, source_updated_at, ST_Y(location::geometry) AS latitude,
                   ST_X(location::geometry) AS longitude, magnitude, mag_type, depth_km, place, status, tsunami,
                   significance, network, code, alert_level, felt, cdi, mmi, url""";

    /**
     * What a query reads: the live table, or with the archive ({@code includeArchive}) the view joining both.
     * An event is in one of the two, never both (see the archive package), so keyset pages stay exact.
     */
    public static String source(boolean withArchive) {
        return withArchive ? "celestial.earthquakes_with_archive" : "celestial.earthquakes";
    }

    private EarthquakeQueries() {
    }

    /** Earthquakes within {@code radiusKm} of a point, on the replica or primary the router picked. */
    static Flux<Found> nearby(DatabaseClient db, boolean withArchive, double lat, double lon, double radiusKm, Filters filters,
                              Order order, Cursor cursor, int limit) {
        return nearbyQuery(withArchive, lat, lon, radiusKm, filters, order, cursor, limit).run(db, true);
    }

    static Query nearbyQuery(boolean withArchive, double lat, double lon, double radiusKm, Filters filters, Order order,
                             Cursor cursor, int limit) {
        Query query = new Query(COLUMNS + ",\n       ST_Distance(location, ST_MakePoint(:lon, :lat)::geography) AS distance_m"
                + "\n  FROM " + source(withArchive) + "\n WHERE ST_DWithin(location, ST_MakePoint(:lon, :lat)::geography, :radiusM)");
        query.where.bind("lat", lat).bind("lon", lon).bind("radiusM", radiusKm * 1000);
        query.filter(filters);
        return order == Order.TIME ? query.newestFirst(cursor, limit) : query.page(order, cursor, limit);
    }

    /** Earthquakes in a latitude/longitude box; a box whose west edge is east of its east edge crosses the antimeridian. */
    static Flux<Found> inBox(DatabaseClient db, boolean withArchive, double minLat, double minLon, double maxLat, double maxLon, Filters filters,
                             Order order, Cursor cursor, int limit) {
        Query query = new Query(COLUMNS + "\n  FROM " + source(withArchive) + "\n WHERE " + box(minLon > maxLon));
        query.where.bind("minLat", minLat).bind("maxLat", maxLat).bind("minLon", minLon).bind("maxLon", maxLon);
        return query.filter(filters).page(order, cursor, limit).run(db, false);
    }

    /**
     * A latitude/longitude box over the binds {@code :minLat, :maxLat, :minLon, :maxLon}, crossing the
     * antimeridian when {@code crossing} (west edge east of the east edge): {@code &&} finds candidates on
     * the planar index (earthquakes_location_geom_gix); the exact bounds then decide.
     */
    public static String box(boolean crossing) {
        return (crossing
                ? """
                  (location::geometry && ST_MakeEnvelope(:minLon, :minLat, 180, :maxLat, 4326)
                       OR location::geometry && ST_MakeEnvelope(-180, :minLat, :maxLon, :maxLat, 4326))
                     AND (ST_X(location::geometry) >= :minLon OR ST_X(location::geometry) <= :maxLon)"""
                : """
                  location::geometry && ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326)
                     AND ST_X(location::geometry) BETWEEN :minLon AND :maxLon""")
                + "\n   AND ST_Y(location::geometry) BETWEEN :minLat AND :maxLat";
    }

    static Flux<Found> byId(DatabaseClient db, boolean withArchive, String sourceId) {
        Query query = new Query(COLUMNS + "\n  FROM " + source(withArchive) + "\n WHERE source_id = :sourceId");
        query.where.bind("sourceId", sourceId);
        return query.run(db, false);
    }

    /** The cursor continuing after {@code last}. */
    static Cursor after(Found last, Order order) {
        String value = switch (order) {
            case TIME, TIME_ASC -> last.quake().time().toString();
            case MAGNITUDE -> String.valueOf(last.quake().magnitude() == null ? -100.0 : last.quake().magnitude());
            case DISTANCE -> String.valueOf(last.distanceM());
        };
        return new Cursor(order, value, last.quake().sourceId());
    }

    /** SQL assembled from visible fragments, with named binds. */
    static final class Query {
        final StringBuilder sql;
        final Where where = new Where();

        Query(String sql) {
            this.sql = new StringBuilder(sql);
        }

        Query filter(Filters f) {
            where.and(f.from(), "occurred_at >= :from", "from")
                    .and(f.to(), "occurred_at < :to", "to")
                    .and(f.minMagnitude(), "magnitude >= :minMagnitude", "minMagnitude")
                    .and(f.maxMagnitude(), "magnitude <= :maxMagnitude", "maxMagnitude")
                    .and(f.minDepthKm(), "depth_km >= :minDepthKm", "minDepthKm")
                    .and(f.maxDepthKm(), "depth_km <= :maxDepthKm", "maxDepthKm");
            return this;
        }

        Query page(Order order, Cursor cursor, int limit) {
            after(order, cursor, limit);
            sql.append(where.sql()).append(orderAndLimit(order));
            return this;
        }

        /**
         * {@link #page} of the newest rows first, window by window: one ordered, limited branch per
         * {@link #WINDOWS time window}, newest window first, under one {@code LIMIT}. PostgreSQL runs the branches of a
         * {@code UNION ALL} in order and stops at the limit, so a centre with a full page in the last weeks never reads
         * its older rows; each branch finds its window's rows inside the (location, occurred_at) index. The windows are
         * disjoint and cover all time, so the rows and their order are those of the one ordered query (no outer
         * {@code ORDER BY}: that would merge the branches, starting every one of them).
         */
        Query newestFirst(Cursor cursor, int limit) {
            after(Order.TIME, cursor, limit);
            String branch = sql + where.sql();
            sql.setLength(0);
            sql.append("SELECT * FROM (");
            for (int i = 0; i <= WINDOWS.size(); i++) {
                sql.append(i == 0 ? "\n(" : "\nUNION ALL\n(").append(branch);
                if (i < WINDOWS.size()) {
                    sql.append("\n   AND occurred_at >= now() - interval '").append(WINDOWS.get(i)).append('\'');
                }
                if (i > 0) {
                    sql.append("\n   AND occurred_at < now() - interval '").append(WINDOWS.get(i - 1)).append('\'');
                }
                sql.append(orderAndLimit(Order.TIME)).append(')');
            }
            sql.append("\n) AS newest_first\n LIMIT :limit");
            return this;
        }

        /** The keyset condition continuing after {@code cursor}, and the limit: one row more than a page, to tell whether another follows. */
        private void after(Order order, Cursor cursor, int limit) {
            if (cursor != null) {
                where.and("(" + order.expression + ", source_id) " + (order.direction.equals("DESC") ? "<" : ">")
                                + " (:cursorValue::" + order.type + ", :cursorId)")
                        .bind("cursorValue", cursor.value()).bind("cursorId", cursor.sourceId());
            }
            where.bind("limit", limit + 1);
        }

        private static String orderAndLimit(Order order) {
            return "\n ORDER BY " + order.expression + ' ' + order.direction + ", source_id " + order.direction + "\n LIMIT :limit";
        }

        Flux<Found> run(DatabaseClient db, boolean withDistance) {
            return where.apply(db, sql.toString())
                    .map(row -> new Found(quake(row), withDistance ? row.get("distance_m", Double.class) : null)).all();
        }
    }

    /**
     * A row that selects {@link #COLUMNS} first: the one mapping of an earthquake row, read by the places
     * {@code COLUMNS} declares (by name the driver lower-cases every lookup). A query's own columns after
     * them are read by name.
     */
    public static Earthquake quake(Readable row) {
        return new Earthquake(row.get(0, String.class), row.get(1, Instant.class), row.get(2, Instant.class),
                row.get(3, Double.class), row.get(4, Double.class), row.get(5, Double.class), row.get(6, String.class),
                row.get(7, Double.class), row.get(8, String.class), row.get(9, String.class), row.get(10, Boolean.class),
                row.get(11, Integer.class), row.get(12, String.class), row.get(13, String.class), row.get(14, String.class),
                row.get(15, Integer.class), row.get(16, Double.class), row.get(17, Double.class), row.get(18, String.class), null);
    }

    static List<String> orderNames(boolean withDistance) {
        List<String> names = new ArrayList<>();
        for (Order order : Order.values()) {
            if (withDistance || order != Order.DISTANCE) {
                names.add(order.name);
            }
        }
        return names;
    }
}
