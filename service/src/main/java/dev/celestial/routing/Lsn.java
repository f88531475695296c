package dev.celestial.routing;

/** A WAL position ({@code pg_lsn}, written {@code X/Y} in hex) as one comparable number. */
public record Lsn(long value) implements Comparable<Lsn> {

    /** Parses {@code X/Y}; answers null for anything else. */
    public static Lsn parse(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        if (slash < 1 || slash > 8 || text.length() - slash - 1 < 1 || text.length() - slash - 1 > 8) {
            return null;
        }
        try {
            return new Lsn((Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
