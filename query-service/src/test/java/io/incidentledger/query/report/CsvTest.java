package io.incidentledger.query.report;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CsvTest {

    @Test
    void recordsEndInCrlfAndPlainFieldsAreLeftAlone() {
        assertThat(new Csv().row("id", "name").row("web", "Web app").toString())
                .isEqualTo("id,name\r\nweb,Web app\r\n");
    }

    @Test
    void aFieldWithACommaAQuoteOrALineBreakIsQuotedWithInnerQuotesDoubled() {
        assertThat(Csv.text("Web, EU")).isEqualTo("\"Web, EU\"");
        assertThat(Csv.text("the \"edge\" tier")).isEqualTo("\"the \"\"edge\"\" tier\"");
        assertThat(Csv.text("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.text("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertThat(Csv.text("=cmd|' /C calc'!A0")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(Csv.text("+1")).isEqualTo("'+1");
        assertThat(Csv.text("-1")).isEqualTo("'-1");
        assertThat(Csv.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.text("\tx")).isEqualTo("'\tx");
        assertThat(Csv.text("a=b")).isEqualTo("a=b");
    }

    @Test
    void aNameWithACommaAQuoteAndAFormulaIsDefusedThenQuoted() {
        String name = "=cmd, \"EU\" edge";

        assertThat(new Csv().row("web", name, 3L).toString()).isEqualTo("web,\"'=cmd, \"\"EU\"\" edge\",3\r\n");
    }

    @Test
    void numbersAreNumbersNeverDefusedAndWithAFixedPrecision() {
        assertThat(Csv.field(-5L)).isEqualTo("-5");
        assertThat(Csv.field(Csv.decimal(99.9, 4))).isEqualTo("99.9000");
        assertThat(Csv.field(Csv.decimal(100, 4))).isEqualTo("100.0000");
        assertThat(Csv.field(Csv.decimal(99.98615, 4))).isEqualTo("99.9862");
        assertThat(Csv.field(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(Csv.field(null)).isEmpty();
    }

    @Test
    void aDoubleWithoutAChosenPrecisionIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Csv.field(0.1));
    }
}
