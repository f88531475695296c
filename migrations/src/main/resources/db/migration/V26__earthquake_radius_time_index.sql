-- Radius reads newest first (GET /api/v1/earthquakes/nearby, the default order) read the newest time window
-- first and stop once a page is full (EarthquakeQueries.nearby). A GiST index over location and time lets a
-- window's scan skip, inside the index, the entries outside the window, instead of fetching every row within
-- the radius from the heap to sort them: a dense centre matches thousands. It serves location-only
-- conditions as the plain location index did, which it replaces, so ingestion still maintains one GiST index
-- on location.
-- btree_gist (GiST operators for timestamptz) is a trusted extension: the owner may create it, in its schema.
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA celestial;
CREATE INDEX earthquakes_location_time_gix ON earthquakes USING gist (location, occurred_at);
DROP INDEX earthquakes_location_gix;
