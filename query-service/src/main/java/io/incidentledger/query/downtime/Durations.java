package io.incidentledger.query.downtime;

import java.time.Duration;

/** Durations as people write them in incident reports: "3h 50m", "51m", "1d 2h", never "PT3H50M". */
public final class Durations {

    private Durations() {
    }

    /** Days, hours, minutes and seconds, each only when not zero; "0s" for nothing at all. */
    public static String written(Duration duration) {
        long total = Math.max(0, duration.getSeconds());
        if (total == 0) {
            return "0s";
        }
        long days = total / 86_400;
        long hours = total % 86_400 / 3_600;
        long minutes = total % 3_600 / 60;
        long seconds = total % 60;
        var out = new StringBuilder();
        append(out, days, "d");
        append(out, hours, "h");
        append(out, minutes, "m");
        append(out, seconds, "s");
        return out.toString();
    }

    public static String written(long seconds) {
        return written(Duration.ofSeconds(seconds));
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount > 0) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(amount).append(unit);
        }
    }
}
