-- Earthquakes keyed by the USGS/ComCat event id (e.g. us6000a5r3); a later source update
-- (USGS "updated") supersedes an earlier one.
CREATE TABLE earthquakes (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id         text                   NOT NULL UNIQUE,
    occurred_at       timestamptz            NOT NULL,
    source_updated_at timestamptz,
    magnitude         double precision CHECK (magnitude BETWEEN -2 AND 10),
    mag_type          text,
    depth_km          double precision CHECK (depth_km BETWEEN -100 AND 1000),
    location          geography(Point, 4326) NOT NULL,
    place             text,
    status            text,
    tsunami           boolean,
    significance      integer,
    network           text,
    code              text,
    alert_level       text CHECK (alert_level IN ('green', 'yellow', 'orange', 'red')),
    felt              integer CHECK (felt >= 0),
    cdi               double precision,
    mmi               double precision,
    url               text,
    extras            jsonb                  NOT NULL DEFAULT '{}', -- upstream fields without a column
    ingested_at       timestamptz            NOT NULL DEFAULT now(),
    updated_at        timestamptz            NOT NULL DEFAULT now()
);
-- radius and bounding-box queries (ST_DWithin, &&), the FDSN event service
CREATE INDEX earthquakes_location_gix ON earthquakes USING gist (location);
-- time windows and the default newest-first order
CREATE INDEX earthquakes_occurred_at_idx ON earthquakes (occurred_at DESC);
-- minmagnitude and orderby=magnitude
CREATE INDEX earthquakes_magnitude_idx ON earthquakes (magnitude DESC);
-- FDSN updatedafter
CREATE INDEX earthquakes_source_updated_at_idx ON earthquakes (source_updated_at);
-- full-text search on the region name
CREATE INDEX earthquakes_place_fts_idx ON earthquakes USING gin (to_tsvector('english', coalesce(place, '')));

-- Eruptions keyed by the Smithsonian GVP volcano number and the eruption's start.
CREATE TABLE volcanic_activity (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    volcano_number    text                   NOT NULL,
    volcano_name      text                   NOT NULL,
    location          geography(Point, 4326) NOT NULL,
    elevation_m       double precision,
    eruption_start    timestamptz            NOT NULL,
    eruption_end      timestamptz CHECK (eruption_end >= eruption_start),
    vei               smallint CHECK (vei BETWEEN 0 AND 8),
    alert_level       text CHECK (alert_level IN ('normal', 'advisory', 'watch', 'warning')),
    activity_type     text,
    source_updated_at timestamptz,
    details           jsonb                  NOT NULL DEFAULT '{}',
    ingested_at       timestamptz            NOT NULL DEFAULT now(),
    updated_at        timestamptz            NOT NULL DEFAULT now(),
    UNIQUE (volcano_number, eruption_start)
);
-- GET /api/v1/volcanic-activity/nearby
CREATE INDEX volcanic_activity_location_gix ON volcanic_activity USING gist (location);
CREATE INDEX volcanic_activity_eruption_start_idx ON volcanic_activity (eruption_start DESC);

GRANT SELECT, INSERT, UPDATE, DELETE ON earthquakes, volcanic_activity TO ${writer_role};
