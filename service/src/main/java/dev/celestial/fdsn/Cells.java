package dev.celestial.fdsn;

/**
 * Stored text made safe for one cell of the text and CSV formats. Every text field came from an
 * ingest client, and another user downloads it: left as it is, a separator or line break forges
 * columns or rows, and a leading {@code =} runs as a formula when the CSV is opened in a spreadsheet.
 * Numbers never go through here, so a negative latitude stays a number.
 */
final class Cells {

    private Cells() {
    }

    /**
     * A field of the pipe-separated text format, which has no quoting: {@code |} becomes {@code /}, and
     * every control character or line separator a space (line readers such as Python's
     * {@code splitlines} also break at VT, FF, NEL, U+2028 and U+2029, not only at CR and LF).
     */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            char replacement = c == '|' ? '/' : Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c;
            if (replacement != c && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (out != null) {
                out.append(replacement);
            }
        }
        return out == null ? value : out.toString();
    }

    /**
     * A text field of the CSV format: a leading {@code = + - @}, TAB or CR gets a {@code '} in front, so
     * spreadsheets show it as text (OWASP's CSV injection advice); then, per RFC 4180, a field holding
     * {@code ,} {@code "} CR or LF is quoted, its quotes doubled.
     */
    static String csv(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String cell = switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return '"' + cell.replace("\"", "\"\"") + '"';
            }
        }
        return cell;
    }
}
