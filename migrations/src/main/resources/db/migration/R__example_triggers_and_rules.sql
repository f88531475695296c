-- Example alert triggers and correlation rules. Operators may add their own or disable these;
-- a change here updates the definitions but never re-enables one an operator switched off.
INSERT INTO data_triggers (name, event_kind, conditions, severity) VALUES
('Great earthquake (M7+)', 'earthquake', '{"magnitude": {"gte": 7}}', 'critical'),
('Strong earthquake near Tokyo', 'earthquake',
 '{"magnitude": {"gte": 6}, "region": {"latitude": 35.68, "longitude": 139.69, "radiusKm": 300}}', 'warning'),
('Tsunami-flagged earthquake', 'earthquake', '{"tsunami": true, "magnitude": {"gte": 6.5}}', 'critical'),
('X-class flare', 'solar_event', '{"kind": "flare", "minClass": "X1.0"}', 'warning'),
('Fast CME', 'solar_event', '{"kind": "cme", "speedKms": {"gte": 1500}}', 'warning'),
('Torino 1 or above', 'impact_risk', '{"torinoMax": {"gte": 1}}', 'warning'),
('VEI 4+ eruption', 'volcanic_activity', '{"vei": {"gte": 4}}', 'warning')
ON CONFLICT (name) DO UPDATE
   SET event_kind = EXCLUDED.event_kind, conditions = EXCLUDED.conditions, severity = EXCLUDED.severity,
       updated_at = now();

INSERT INTO correlation_rules (name, rule, description) VALUES
('Earthquakes after X-class flares',
 '{"first": {"kind": "solar_event", "solarKind": "flare", "minClass": "X1.0"}, "second": {"kind": "earthquake", "minMagnitude": 6}, "withinHours": 48}',
 'M6+ earthquakes within 48 h after an X-class flare'),
('Earthquakes after fast CMEs',
 '{"first": {"kind": "solar_event", "solarKind": "cme", "minSpeedKms": 1000}, "second": {"kind": "earthquake", "minMagnitude": 6}, "withinHours": 96}',
 'M6+ earthquakes within 96 h after a CME faster than 1000 km/s'),
('Eruptions near great earthquakes',
 '{"first": {"kind": "earthquake", "minMagnitude": 7}, "second": {"kind": "volcanic_activity", "minVei": 2}, "withinHours": 720, "withinKm": 500}',
 'VEI 2+ eruptions within 30 days and 500 km of an M7+ earthquake')
ON CONFLICT (name) DO UPDATE
   SET rule = EXCLUDED.rule, description = EXCLUDED.description, updated_at = now();
