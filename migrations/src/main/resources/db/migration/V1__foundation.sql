-- Flyway creates schema celestial as the owner role (spring.flyway.schemas), so the owner owns it.
-- PostGIS needs a superuser and is created at cluster bootstrap; here it is only a no-op check.
CREATE EXTENSION IF NOT EXISTS postgis;

GRANT USAGE ON SCHEMA celestial TO ${writer_role}, ${reader_role};
-- The reader may read whatever the owner creates in the schema from here on; the writer gets
-- its DML table by table, in the migration that creates each ingest table.
ALTER DEFAULT PRIVILEGES IN SCHEMA celestial GRANT SELECT ON TABLES TO ${reader_role};

-- Geodesic distance on the WGS84 spheroid. A standard SQL body binds the PostGIS functions
-- when created, so callers need no particular search_path.
CREATE FUNCTION calculate_distance_km(lat1 double precision, lon1 double precision,
                                      lat2 double precision, lon2 double precision)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ST_Distance(ST_SetSRID(ST_MakePoint(lon1, lat1), 4326)::geography,
                   ST_SetSRID(ST_MakePoint(lon2, lat2), 4326)::geography, true) / 1000.0;

-- GOES X-ray flare class (A1.0 .. X28) as its peak flux in W/m^2, so classes sort and compare
-- numerically across letters: X1.0 (1e-4) > M9.9 (9.9e-5). NULL for anything else.
CREATE FUNCTION flare_class_intensity(class_type text)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN upper(class_type) ~ '^[ABCMX][0-9]+(\.[0-9]+)?$'
            THEN ((ARRAY[1e-8, 1e-7, 1e-6, 1e-5, 1e-4])[strpos('ABCMX', upper(left(class_type, 1)))]
                  * substr(class_type, 2)::numeric)::double precision
       END;
