package dev.celestial.db;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;

/** The optional conditions of a query: each given value adds its visible SQL fragment and its bind. */
public final class Where {

    private final StringBuilder sql = new StringBuilder();
    private final Map<String, Object> binds = new LinkedHashMap<>();

    /** Adds {@code AND <fragment>} binding {@code :name} to {@code value}, unless the value is null. */
    public Where and(Object value, String fragment, String name) {
        if (value != null) {
            sql.append("\n   AND ").append(fragment);
            binds.put(name, value);
        }
        return this;
    }

    /** Adds {@code AND <fragment>} without a bind. */
    public Where and(String fragment) {
        sql.append("\n   AND ").append(fragment);
        return this;
    }

    public Where bind(String name, Object value) {
        binds.put(name, value);
        return this;
    }

    public String sql() {
        return sql.toString();
    }

    public Map<String, Object> binds() {
        return binds;
    }

    /** {@code sql} with every bind applied. */
    public DatabaseClient.GenericExecuteSpec apply(DatabaseClient db, String sql) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        return spec;
    }
}
