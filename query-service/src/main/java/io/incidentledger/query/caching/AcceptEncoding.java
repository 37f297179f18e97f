package io.incidentledger.query.caching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's {@code Accept-Encoding} (RFC 9110 §12.5.3): which content codings it accepts, most wanted first.
 * A coding named with {@code q=0} is refused; one not named takes the weight of {@code *} if there is one, else it
 * is not accepted. The identity is always left to fall back on: a document is small enough to send as built
 * to a reader that refuses everything, rather than answer 406.
 */
final class AcceptEncoding {

    private AcceptEncoding() {
    }

    /** The codings among {@code offered} that {@code header} accepts, by weight, ties in {@code offered}'s order. */
    static List<ContentCoding> preferred(String header, List<ContentCoding> offered) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        Map<String, Double> weights = new HashMap<>();
        for (String element : header.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = element.split(";");
            String name = parts[0].strip();
            if (name.equals("x-gzip")) {
                name = "gzip"; // RFC 9110 §8.4.1.3: the same coding
            }
            if (!name.isEmpty()) {
                weights.putIfAbsent(name, weight(parts));
            }
        }
        double any = weights.getOrDefault("*", 0.0);
        Map<ContentCoding, Double> accepted = new LinkedHashMap<>();
        for (ContentCoding coding : offered) {
            double weight = weights.getOrDefault(coding.token(), any);
            if (weight > 0) {
                accepted.put(coding, weight);
            }
        }
        // A stable sort: equal weights keep the offered order.
        List<ContentCoding> preferred = new ArrayList<>(accepted.keySet());
        preferred.sort(Comparator.comparingDouble((ContentCoding coding) -> accepted.get(coding)).reversed());
        return preferred;
    }

    /** The {@code q} parameter's value; 1 without one, and 1 for a malformed one (as lenient clients expect). */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().replace(" ", "");
            if (parameter.startsWith("q=")) {
                try {
                    double q = Double.parseDouble(parameter.substring(2));
                    return q < 0 || q > 1 || Double.isNaN(q) ? 1.0 : q;
                } catch (NumberFormatException e) {
                    return 1.0;
                }
            }
        }
        return 1.0;
    }
}
