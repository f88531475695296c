-- Reads fall back to the primary, as the writer role, when the replica cannot serve them: the writer
-- needs the views the queries read (each runs with the caller's privileges on tables it already reads).
GRANT SELECT ON v_high_risk_objects, v_recent_significant_quakes, v_active_alerts_summary TO ${writer_role};
