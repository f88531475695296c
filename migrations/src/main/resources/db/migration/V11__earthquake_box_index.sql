-- Box queries (GET /api/v1/earthquakes?minLat=...) select by longitude and latitude, which the
-- geography GiST index cannot serve (its boxes are geocentric); a planar GiST index over the same
-- points can, through && with a longitude/latitude envelope.
CREATE INDEX earthquakes_location_geom_gix ON earthquakes USING gist ((location::geometry));
