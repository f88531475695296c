package dev.celestial.fdsn;

import dev.celestial.archive.ArchiveCutoff;
import dev.celestial.db.Where;
import dev.celestial.earthquake.EarthquakeQueries;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An fdsnws-event query: its parameters, checked as the specification and USGS check them, and the
 * SQL they become. Radii in degrees are great-circle degrees of the mean Earth radius (111.195 km).
 */
final class FdsnQuery {

    static final int MAX_LIMIT = 20_000;
    /** The specification's bounds, which seismology clients expect, whatever the service's own query limits. */
    static final QueryLimits SPECIFIED = new QueryLimits(MAX_LIMIT, EarthquakeQueries.MAX_RADIUS_KM, 360, null);
    static final double KM_PER_DEGREE = 6371.0088 * Math.PI / 180;
    static final List<String> FORMATS = List.of("geojson", "text", "csv");
    static final List<String> ORDERS = List.of("time", "time-asc", "magnitude", "magnitude-asc");

    /** One stored event and its USGS extras (ids, sources, types, nst, ... as ingested). */
    record Event(dev.celestial.earthquake.Earthquake quake, String extras) {
    }

    final String format;
    final boolean notFoundWhenEmpty;
    final Integer limit;
    final int offset;
    private final Where where = new Where();
    private final String order;
    private final String source;

    /** A query that reads the archive only when asked ({@code includeArchive=true}). */
    FdsnQuery(QueryParams p) {
        this(p, null);
    }

    /** With the archive's cutoff: the archive is read too when the time range reaches before it, unless asked not to. */
    FdsnQuery(QueryParams p, Instant archiveCutoff) {
        format = p.choice("format", "geojson", FORMATS);
        notFoundWhenEmpty = p.choice("nodata", "204", List.of("204", "404")).equals("404");
        limit = p.has("limit") ? p.integer("limit", MAX_LIMIT, 1, MAX_LIMIT) : null;
        offset = p.integer("offset", 1, 1, Integer.MAX_VALUE);
        order = switch (p.choice("orderby", "time", ORDERS)) {
            case "time-asc" -> "occurred_at ASC, source_id ASC";
            case "magnitude" -> "magnitude DESC NULLS LAST, source_id DESC";
            case "magnitude-asc" -> "magnitude ASC NULLS LAST, source_id ASC";
            default -> "occurred_at DESC, source_id DESC";
        };
        QueryParams.Range<Instant> time = p.timeRange(alias(p, "starttime", "start"), alias(p, "endtime", "end"));
        where.and(time.min(), "occurred_at >= :start", "start")
                .and(time.max(), "occurred_at <= :end", "end")
                .and(p.time("updatedafter"), "source_updated_at > :updatedafter", "updatedafter");
        String archive = p.choice(alias(p, "includearchive", "includeArchive"), null, List.of("true", "false"));
        source = EarthquakeQueries.source(ArchiveCutoff.includes(archive == null ? null : Boolean.valueOf(archive),
                time.min(), time.max(), archiveCutoff));
        box(p);
        radius(p);
        range(p, "mindepth", "maxdepth", "depth_km", -100, 1000);
        range(p, alias(p, "minmagnitude", "minmag"), alias(p, "maxmagnitude", "maxmag"), "magnitude", -2, 10);
        where.and(p.text("eventid"), "source_id = :eventid", "eventid");
        p.rejectUnknown();
    }

    Mono<Long> count(DatabaseClient db) {
        return where.apply(db, countSql()).map(row -> row.get("n", Long.class)).one();
    }

    String countSql() {
        return "SELECT count(*) AS n FROM " + source + " WHERE TRUE" + where.sql();
    }

    Map<String, Object> binds() {
        return where.binds();
    }

    /** Call after {@link #count}: the page's own binds join the filter's. */
    Flux<Event> events(DatabaseClient db, int rows) {
        return where.bind("limit", rows).bind("offset", offset - 1)
                .apply(db, EarthquakeQueries.COLUMNS + ", extras::text AS extras\n  FROM " + source + " WHERE TRUE"
                        + where.sql() + "\n ORDER BY " + order + "\n LIMIT :limit OFFSET :offset")
                .map(row -> new Event(EarthquakeQueries.quake(row), row.get("extras", String.class))).all();
    }

    /** A rectangle; longitudes from -360 to 360, so a box may run across the antimeridian either way. */
    private void box(QueryParams p) {
        QueryParams.Range<Double> lat = p.numberRange(alias(p, "minlatitude", "minlat"), alias(p, "maxlatitude", "maxlat"), -90, 90);
        String minLonName = alias(p, "minlongitude", "minlon");
        String maxLonName = alias(p, "maxlongitude", "maxlon");
        QueryParams.Range<Double> lon = p.numberRange(minLonName, maxLonName, -360, 360);
        Double minLat = lat.min();
        Double maxLat = lat.max();
        if (minLat == null && maxLat == null && lon.min() == null && lon.max() == null) {
            return;
        }
        double west = lon.min() == null ? -180 : lon.min();
        double east = lon.max() == null ? 180 : lon.max();
        // one side given beyond the other's default (minlongitude=200 alone) is as empty as two crossed sides
        QueryParams.ordered(minLonName, west, maxLonName, east);
        boolean wholeCircle = east - west >= 360;
        west = wholeCircle ? -180 : normalize(west);
        east = wholeCircle ? 180 : normalize(east);
        // the box API's condition, on the planar index; an open side is the globe's edge
        where.bind("minLat", minLat == null ? -90.0 : minLat).bind("maxLat", maxLat == null ? 90.0 : maxLat)
                .bind("minLon", west).bind("maxLon", east)
                .and(EarthquakeQueries.box(west > east));
    }

    private static double normalize(double lon) {
        double wrapped = ((lon + 180) % 360 + 360) % 360 - 180;
        return wrapped == -180 && lon > 0 ? 180 : wrapped;
    }

    /** A circle (or ring) around latitude/longitude, in degrees or in kilometres, not both. */
    private void radius(QueryParams p) {
        QueryParams.Range<Double> deg = p.numberRange("minradius", "maxradius", 0, 180);
        QueryParams.Range<Double> km = p.numberRange("minradiuskm", "maxradiuskm", 0, EarthquakeQueries.MAX_RADIUS_KM);
        Double lat = p.number(alias(p, "latitude", "lat"), -90, 90, false);
        Double lon = p.number(alias(p, "longitude", "lon"), -180, 180, false);
        boolean degrees = deg.min() != null || deg.max() != null;
        if (degrees && (km.min() != null || km.max() != null)) {
            throw new BadParameterException("maxradiuskm", "give radii in degrees or in kilometres, not both");
        }
        if (!degrees && km.min() == null && km.max() == null) {
            return;
        }
        if (lat == null || lon == null) {
            throw new BadParameterException(lat == null ? "latitude" : "longitude", "required with a radius");
        }
        Double min = degrees ? (deg.min() == null ? null : deg.min() * KM_PER_DEGREE) : km.min();
        Double max = degrees ? (deg.max() == null ? null : deg.max() * KM_PER_DEGREE) : km.max();
        Double maxM = max == null ? null : max * 1000;
        Double minM = min == null || min == 0 ? null : min * 1000;
        if (maxM != null || minM != null) {
            where.bind("lat", lat).bind("lon", lon)
                    .and(maxM, "ST_DWithin(location, ST_MakePoint(:lon, :lat)::geography, :maxm)", "maxm")
                    .and(minM, "NOT ST_DWithin(location, ST_MakePoint(:lon, :lat)::geography, :minm)", "minm");
        }
    }

    private void range(QueryParams p, String minName, String maxName, String column, double low, double high) {
        QueryParams.Range<Double> range = p.numberRange(minName, maxName, low, high);
        where.and(range.min(), column + " >= :" + minName, minName).and(range.max(), column + " <= :" + maxName, maxName);
    }

    /** The name the request used, of a parameter and its short alias; using both is refused. */
    private static String alias(QueryParams p, String name, String shortName) {
        if (p.has(name) && p.has(shortName)) {
            throw new BadParameterException(shortName, "given together with " + name);
        }
        return p.has(shortName) ? shortName : name;
    }
}
