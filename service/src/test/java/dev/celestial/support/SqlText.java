package dev.celestial.support;

/** SQL text compared as PostgreSQL reads it: runs of whitespace are one space. */
public final class SqlText {

    private SqlText() {
    }

    public static String words(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }
}
