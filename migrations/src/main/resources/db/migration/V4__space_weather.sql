-- Solar flares and coronal mass ejections from NASA DONKI, keyed by the DONKI id
-- (flrID / activityID); a higher versionId or later submissionTime supersedes.
CREATE TABLE solar_events (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind              text        NOT NULL CHECK (kind IN ('flare', 'cme')),
    event_id          text        NOT NULL UNIQUE,
    begin_at          timestamptz NOT NULL,
    peak_at           timestamptz,
    end_at            timestamptz,
    class_type        text,       -- GOES class as given, e.g. M1.8, X9.3 (flares)
    class_letter      char(1) GENERATED ALWAYS AS (upper(left(class_type, 1))) STORED,
    class_intensity   double precision GENERATED ALWAYS AS (flare_class_intensity(class_type)) STORED,
    source_location   text,       -- heliographic, e.g. S07W71
    active_region     integer,
    cme_speed_kms     double precision CHECK (cme_speed_kms >= 0),
    cme_half_angle    double precision CHECK (cme_half_angle BETWEEN 0 AND 180),
    cme_latitude      double precision CHECK (cme_latitude BETWEEN -90 AND 90),
    cme_longitude     double precision CHECK (cme_longitude BETWEEN -180 AND 180),
    linked_event_ids  text[]      NOT NULL DEFAULT '{}',
    source_version    integer,
    source_updated_at timestamptz,
    details           jsonb       NOT NULL DEFAULT '{}',
    ingested_at       timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'flare' OR class_type IS NULL OR class_intensity IS NOT NULL)
);
-- GET /api/v1/solar-events?from=&to=&kind=
CREATE INDEX solar_events_begin_at_idx ON solar_events (begin_at DESC);
-- minClass=M1.0 and correlation rules on X-class flares
CREATE INDEX solar_events_class_intensity_idx ON solar_events (class_intensity DESC) WHERE kind = 'flare';

-- Annual meteor showers (IAU Meteor Data Center code), one row per shower and season.
CREATE TABLE meteor_showers (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    iau_code          text             NOT NULL CHECK (iau_code ~ '^[A-Z]{3}$'),
    season_year       integer          NOT NULL,
    name              text             NOT NULL,
    peak_at           timestamptz      NOT NULL,
    zhr               double precision CHECK (zhr >= 0),
    radiant_ra_deg    double precision CHECK (radiant_ra_deg >= 0 AND radiant_ra_deg < 360),
    radiant_dec_deg   double precision CHECK (radiant_dec_deg BETWEEN -90 AND 90),
    velocity_kms      double precision CHECK (velocity_kms > 0),
    active_from       timestamptz,
    active_to         timestamptz,
    parent_body       text,
    source_updated_at timestamptz,
    ingested_at       timestamptz      NOT NULL DEFAULT now(),
    updated_at        timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (iau_code, season_year),
    CHECK (active_to >= active_from)
);
-- showers active or peaking in a time window
CREATE INDEX meteor_showers_peak_at_idx ON meteor_showers (peak_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON solar_events, meteor_showers TO ${writer_role};
