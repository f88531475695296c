package dev.celestial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ColumnTests {

    static final String HOSTILE = "a\\b\tc\nd\re\"f'g,h{i}j NULL \\N";

    static String field(Column<String> column, String record) {
        StringBuilder row = new StringBuilder();
        column.appendField(row, record);
        return row.toString();
    }

    static String element(Column<String> column, String record) {
        StringBuilder literal = new StringBuilder();
        column.appendElement(literal, record);
        return literal.toString();
    }

    @Test
    void copyFieldEscapesBackslashTabAndLineBreaksOnly() {
        Column<String> text = Column.text("t", Function.identity());
        assertThat(field(text, HOSTILE)).isEqualTo("a\\\\b\\tc\\nd\\re\"f'g,h{i}j NULL \\\\N");
        assertThat(field(text, null)).isEqualTo("\\N");
        assertThat(field(text, "")).isEmpty();
        assertThat(field(Column.time("t", s -> Instant.parse("2024-01-02T03:04:05.000006Z")), "")).isEqualTo("2024-01-02T03:04:05.000006Z");
    }

    @Test
    void arrayElementQuotesTextAndEscapesQuoteAndBackslashOnly() {
        Column<String> text = Column.text("t", Function.identity());
        assertThat(element(text, HOSTILE)).isEqualTo("\"a\\\\b\tc\nd\re\\\"f'g,h{i}j NULL \\\\N\"");
        assertThat(element(text, null)).isEqualTo("NULL");
        assertThat(element(text, "NULL")).isEqualTo("\"NULL\"");
        assertThat(element(text, "")).isEqualTo("\"\"");
        assertThat(element(Column.float8("f", s -> -1.5e-7), "")).isEqualTo("-1.5E-7");
        assertThat(element(Column.bool("b", s -> true), "")).isEqualTo("true");
        assertThat(element(Column.time("t", s -> Instant.parse("2024-01-02T03:04:05Z")), "")).isEqualTo("2024-01-02T03:04:05Z");
    }
}
