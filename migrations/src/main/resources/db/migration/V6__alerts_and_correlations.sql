-- Triggers: conditions on incoming events that raise alerts, e.g.
-- {"magnitude": {"gte": 7}, "region": {"latitude": 35.0, "longitude": 139.0, "radiusKm": 500}}.
CREATE TABLE data_triggers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    event_kind  text        NOT NULL,
    conditions  jsonb       NOT NULL CHECK (jsonb_typeof(conditions) = 'object'),
    severity    text        NOT NULL DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'critical')),
    enabled     boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- enabled triggers for one kind, looked up on every ingested batch
CREATE INDEX data_triggers_kind_idx ON data_triggers (event_kind) WHERE enabled;

-- One alert per trigger and event, so re-ingesting an event does not raise it twice.
CREATE TABLE alerts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trigger_id      bigint      NOT NULL REFERENCES data_triggers (id) ON DELETE CASCADE,
    event_kind      text        NOT NULL,
    event_ref       text        NOT NULL, -- the event's natural key, e.g. an earthquake's source id
    severity        text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    context         jsonb       NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    acknowledged_at timestamptz,
    resolved_at     timestamptz,
    UNIQUE (trigger_id, event_kind, event_ref)
);
-- v_active_alerts_summary and the alert inbox: unresolved alerts by status, newest first
CREATE INDEX alerts_status_idx ON alerts (status, created_at DESC) WHERE status <> 'resolved';

-- Correlation rules, e.g. {"first": {"kind": "solar_event", "minClass": "X1.0"},
-- "second": {"kind": "earthquake", "minMagnitude": 6}, "withinHours": 48}.
CREATE TABLE correlation_rules (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    rule        jsonb       NOT NULL CHECK (jsonb_typeof(rule) = 'object'),
    description text,
    enabled     boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE event_correlations (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_id      bigint           NOT NULL REFERENCES correlation_rules (id) ON DELETE CASCADE,
    first_kind   text             NOT NULL,
    first_ref    text             NOT NULL,
    second_kind  text             NOT NULL,
    second_ref   text             NOT NULL,
    time_delta   interval         NOT NULL,
    distance_km  double precision CHECK (distance_km >= 0),
    score        double precision NOT NULL CHECK (score BETWEEN 0 AND 1),
    detected_at  timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (rule_id, first_kind, first_ref, second_kind, second_ref)
);
-- correlations an event takes part in (either side)
CREATE INDEX event_correlations_second_idx ON event_correlations (second_kind, second_ref);
CREATE INDEX event_correlations_first_idx ON event_correlations (first_kind, first_ref);

GRANT SELECT ON data_triggers, correlation_rules TO ${writer_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON alerts, event_correlations TO ${writer_role};
