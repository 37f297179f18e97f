package io.incidentledger.query.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

/**
 * CSV as RFC 4180 writes it (CRLF after every record, a field quoted when it holds a comma, a double quote or a
 * line break, a double quote inside doubled), and safe to open in a spreadsheet: a text field that a spreadsheet
 * would run as a formula (starting with {@code = + - @}, or a tab or carriage return) gets a leading {@code '}.
 * Numbers are written as numbers, with '.' as the decimal point whatever the server's locale.
 */
final class Csv {

    private static final String CRLF = "\r\n";

    private final StringBuilder out = new StringBuilder();

    /**
     * One record. A {@link CharSequence} (or anything not a number) is text; a {@link Long}, {@link Integer} or
     * {@link BigDecimal} is a number, written as is; {@code null} is an empty field. Doubles are refused: their
     * precision must be chosen by the caller ({@link #decimal}), not by {@code Double.toString}.
     */
    Csv row(List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append(CRLF);
        return this;
    }

    Csv row(Object... fields) {
        return row(Arrays.asList(fields));
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** A number with exactly {@code scale} decimals, rounded half up: "99.9000", never "99.9" or "9.99E1". */
    static BigDecimal decimal(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            throw new IllegalArgumentException("Give a floating-point number a fixed precision: Csv.decimal");
        }
        return text(value.toString());
    }

    static String text(String value) {
        String safe = startsLikeAFormula(value) ? "'" + value : value;
        if (safe.indexOf(',') < 0 && safe.indexOf('"') < 0 && safe.indexOf('\n') < 0 && safe.indexOf('\r') < 0) {
            return safe;
        }
        return '"' + safe.replace("\"", "\"\"") + '"';
    }

    private static boolean startsLikeAFormula(String value) {
        if (value.isEmpty()) {
            return false;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }
}
