package dev.celestial.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads rows back for assertions (from the primary unless a node is named), as plain maps of column to value. */
public final class Rows {

    private Rows() {
    }

    public static List<Map<String, Object>> query(String sql) {
        return query(TestDatabase.Node.PRIMARY, TestDatabase.Role.OWNER, sql);
    }

    public static List<Map<String, Object>> query(TestDatabase.Node node, TestDatabase.Role role, String sql) {
        try (Connection connection = TestDatabase.get().connect(node, role);
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String table) {
        return ((Number) query("SELECT count(*) AS n FROM celestial." + table).get(0).get("n")).longValue();
    }

    /** A digest of every row of {@code table}: equal before and after when a refused request changed nothing. */
    public static String digest(String table) {
        return (String) query("SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS d FROM celestial."
                + table + " t").get(0).get("d");
    }
}
