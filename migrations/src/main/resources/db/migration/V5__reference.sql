-- Reference data: scripture passages that speak of signs in the heavens and the earth, the
-- observable phenomena they name, and which passage names which. Loaded by R__ migrations.
CREATE TABLE prophecies (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference   text        NOT NULL UNIQUE, -- e.g. Joel 2:31
    book        text        NOT NULL,
    chapter     integer     NOT NULL CHECK (chapter > 0),
    verse_from  integer     NOT NULL CHECK (verse_from > 0),
    verse_to    integer     NOT NULL,
    translation text        NOT NULL DEFAULT 'KJV',
    text        text        NOT NULL,
    theme       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (verse_to >= verse_from)
);
CREATE INDEX prophecies_text_fts_idx ON prophecies USING gin (to_tsvector('english', text));

CREATE TABLE celestial_signs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    category    text        NOT NULL CHECK (category IN ('solar', 'lunar', 'stellar', 'planetary', 'terrestrial')),
    event_kind  text CHECK (event_kind IN ('earthquake', 'volcanic_activity', 'solar_event', 'meteor_shower',
                                           'impact_risk', 'orbital_elements', 'ephemeris')),
    description text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX celestial_signs_fts_idx ON celestial_signs USING gin (to_tsvector('english', name || ' ' || description));

CREATE TABLE prophecy_sign_links (
    prophecy_id bigint NOT NULL REFERENCES prophecies (id) ON DELETE CASCADE,
    sign_id     bigint NOT NULL REFERENCES celestial_signs (id) ON DELETE CASCADE,
    note        text,
    PRIMARY KEY (prophecy_id, sign_id)
);
-- signs -> passages (the primary key serves passages -> signs)
CREATE INDEX prophecy_sign_links_sign_idx ON prophecy_sign_links (sign_id);
