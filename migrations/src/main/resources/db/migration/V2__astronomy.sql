-- State vectors as JPL Horizons gives them. The primary key leads with the object, so reading
-- one object's 10,000+ epochs in time order is one index range scan.
CREATE TABLE ephemeris_vectors (
    designation     text             NOT NULL,
    center          text             NOT NULL,
    reference_frame text             NOT NULL,
    epoch_tdb       timestamptz      NOT NULL, -- the TDB calendar date, stored as if it were UTC
    julian_date_tdb double precision NOT NULL,
    x               double precision NOT NULL,
    y               double precision NOT NULL,
    z               double precision NOT NULL,
    vx              double precision NOT NULL,
    vy              double precision NOT NULL,
    vz              double precision NOT NULL,
    light_time      double precision,
    range           double precision,
    range_rate      double precision,
    units           text             NOT NULL CHECK (units IN ('AU-D', 'KM-S', 'KM-D')),
    ingested_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (designation, center, reference_frame, epoch_tdb)
);

-- One current osculating orbit per object (JPL SBDB); a newer epoch replaces an older one.
CREATE TABLE orbital_elements (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    designation     text             NOT NULL UNIQUE,
    full_name       text,
    orbit_class     text,
    is_neo          boolean,
    is_pha          boolean,
    epoch           timestamptz      NOT NULL,
    epoch_jd        double precision NOT NULL,
    e               double precision NOT NULL CHECK (e >= 0),
    a               double precision, -- au; negative for hyperbolic orbits
    q               double precision NOT NULL CHECK (q > 0),
    i               double precision NOT NULL CHECK (i BETWEEN 0 AND 180),
    om              double precision NOT NULL,
    w               double precision NOT NULL,
    ma              double precision,
    tp              double precision, -- time of perihelion, JD TDB
    per             double precision, -- days
    n               double precision, -- deg/day
    is_interstellar boolean GENERATED ALWAYS AS (e > 1) STORED,
    ingested_at     timestamptz      NOT NULL DEFAULT now(),
    updated_at      timestamptz      NOT NULL DEFAULT now()
);
-- GET /api/v1/orbital-elements?interstellar=true
CREATE INDEX orbital_elements_interstellar_idx ON orbital_elements (designation) WHERE is_interstellar;

-- JPL Sentry summary: one row per object under impact monitoring.
CREATE TABLE impact_risks (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    designation        text             NOT NULL UNIQUE,
    full_name          text,
    impact_probability double precision NOT NULL CHECK (impact_probability BETWEEN 0 AND 1),
    palermo_max        double precision,
    palermo_cumulative double precision,
    torino_max         smallint CHECK (torino_max BETWEEN 0 AND 10),
    impact_count       integer CHECK (impact_count >= 0),
    year_from          integer,
    year_to            integer,
    last_observed      date,
    last_observed_jd   double precision,
    diameter_km        double precision CHECK (diameter_km > 0),
    v_inf_kms          double precision,
    h_mag              double precision,
    source_updated_at  timestamptz,
    ingested_at        timestamptz      NOT NULL DEFAULT now(),
    updated_at         timestamptz      NOT NULL DEFAULT now(),
    CHECK (year_to >= year_from)
);
-- v_high_risk_objects and GET /api/v1/impact-risks, most hazardous first
CREATE INDEX impact_risks_palermo_idx ON impact_risks (palermo_cumulative DESC NULLS LAST);

GRANT SELECT, INSERT, UPDATE, DELETE ON ephemeris_vectors, orbital_elements, impact_risks TO ${writer_role};
