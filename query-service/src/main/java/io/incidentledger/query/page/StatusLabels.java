package io.incidentledger.query.page;

import io.incidentledger.events.ComponentStatus;

import java.util.Locale;

/** Wire names as words: the page says "Partial outage", never "partial_outage", and never colour alone. */
final class StatusLabels {

    private StatusLabels() {
    }

    /** "partial_outage" → "Partial outage"; "investigating" → "Investigating". */
    static String label(String wireName) {
        if (wireName == null || wireName.isEmpty()) {
            return "";
        }
        String words = wireName.replace('_', ' ');
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

    /** For the middle of a sentence: "major outage". */
    static String lower(ComponentStatus status) {
        return status.toString().replace('_', ' ');
    }
}
