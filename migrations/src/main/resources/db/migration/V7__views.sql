-- Views run with the caller's privileges, so the reader sees only what it may read anyway.

-- Objects whose impact hazard merits attention: Torino 1+ or cumulative Palermo above -2.
CREATE VIEW v_high_risk_objects WITH (security_invoker = true) AS
SELECT r.designation, r.full_name, r.impact_probability, r.palermo_cumulative, r.palermo_max,
       r.torino_max, r.impact_count, r.year_from, r.year_to, r.diameter_km, r.v_inf_kms, r.h_mag,
       r.last_observed, o.orbit_class, o.e, o.a, o.q, o.i
  FROM impact_risks r
  LEFT JOIN orbital_elements o ON o.designation = r.designation
 WHERE r.torino_max >= 1 OR r.palermo_cumulative > -2;

-- The last 30 days' earthquakes that matter: M6+, USGS significance 600+, a PAGER alert above
-- green, or a tsunami flag.
CREATE VIEW v_recent_significant_quakes WITH (security_invoker = true) AS
SELECT q.source_id, q.occurred_at, q.magnitude, q.mag_type, q.depth_km,
       ST_Y(q.location::geometry) AS latitude, ST_X(q.location::geometry) AS longitude,
       q.place, q.status, q.tsunami, q.significance, q.alert_level, q.url
  FROM earthquakes q
 WHERE q.occurred_at >= now() - interval '30 days'
   AND (q.magnitude >= 6 OR q.significance >= 600 OR q.alert_level IN ('yellow', 'orange', 'red') OR q.tsunami);

-- Unresolved alerts per kind and severity.
CREATE VIEW v_active_alerts_summary WITH (security_invoker = true) AS
SELECT a.event_kind, a.severity, count(*) AS active_count,
       count(*) FILTER (WHERE a.status = 'open') AS open_count,
       count(*) FILTER (WHERE a.status = 'acknowledged') AS acknowledged_count,
       min(a.created_at) AS oldest_at, max(a.created_at) AS newest_at
  FROM alerts a
 WHERE a.status <> 'resolved'
 GROUP BY a.event_kind, a.severity;
