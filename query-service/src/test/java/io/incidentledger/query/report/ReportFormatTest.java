package io.incidentledger.query.report;

import io.incidentledger.query.web.BadQueryException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSON or CSV: {@code format} when given, else the Accept header. */
class ReportFormatTest {

    @Test
    void theFormatParameterDecidesWhateverTheAcceptHeaderSays() {
        assertThat(ReportController.wantsCsv("csv", "application/json")).isTrue();
        assertThat(ReportController.wantsCsv("CSV", null)).isTrue();
        assertThat(ReportController.wantsCsv("json", "text/csv")).isFalse();
        assertThatThrownBy(() -> ReportController.wantsCsv("xlsx", null)).isInstanceOf(BadQueryException.class);
    }

    @Test
    void withoutItTheAcceptHeaderDecidesByQualityThenByOrder() {
        assertThat(ReportController.wantsCsv(null, "text/csv")).isTrue();
        assertThat(ReportController.wantsCsv(null, "text/*")).isTrue();
        assertThat(ReportController.wantsCsv(null, "application/json;q=0.5, text/csv")).isTrue();
        assertThat(ReportController.wantsCsv(null, "text/csv;q=0.5, application/json")).isFalse();
        assertThat(ReportController.wantsCsv(null, "text/csv, application/json")).isTrue();
        assertThat(ReportController.wantsCsv(null, "application/json, text/csv")).isFalse();
    }

    @Test
    void noHeaderAWildcardOrAnUnparseableHeaderGetJson() {
        assertThat(ReportController.wantsCsv(null, null)).isFalse();
        assertThat(ReportController.wantsCsv(null, "*/*")).isFalse();
        assertThat(ReportController.wantsCsv(null, "text/html")).isFalse();
        assertThat(ReportController.wantsCsv(null, "not a media type;;")).isFalse();
    }
}
