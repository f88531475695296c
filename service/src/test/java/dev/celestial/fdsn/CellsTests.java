package dev.celestial.fdsn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CellsTests {

    @Test
    void textReplacesPipesWithSlashesAndLineBreaksWithSpaces() {
        assertThat(Cells.text(null)).isEmpty();
        assertThat(Cells.text("10 km N of Town, Region")).isEqualTo("10 km N of Town, Region");
        assertThat(Cells.text("a|b\r\nc\nd\te\u2028f\u0085g")).isEqualTo("a/b  c d e f g");
    }

    @Test
    void csvQuotesPerRfc4180() {
        assertThat(Cells.csv(null)).isEmpty();
        assertThat(Cells.csv("plain text")).isEqualTo("plain text");
        assertThat(Cells.csv("a, b")).isEqualTo("\"a, b\"");
        assertThat(Cells.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Cells.csv("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Cells.csv("two\rlines")).isEqualTo("\"two\rlines\"");
    }

    @Test
    void csvPutsAQuoteBeforeALeadingFormulaCharacter() {
        for (String formula : new String[] {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"}) {
            assertThat(Cells.csv(formula)).as(formula).doesNotStartWith(formula.substring(0, 1)).contains("'" + formula);
        }
        assertThat(Cells.csv("=HYPERLINK(\"x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        assertThat(Cells.csv("a=b")).isEqualTo("a=b");
    }
}
