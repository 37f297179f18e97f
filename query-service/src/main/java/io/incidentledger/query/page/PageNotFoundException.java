package io.incidentledger.query.page;

/**
 * Nothing behind a page's address (no such incident, history page, day or component): a person is reading, so
 * the answer is a page, not JSON. {@code heading} is what that page says.
 */
final class PageNotFoundException extends RuntimeException {

    private final String heading;

    PageNotFoundException(String incidentId) {
        this("no incident with id '" + incidentId + "'", "Incident not found");
    }

    PageNotFoundException(String message, String heading) {
        super(message, null, false, false);
        this.heading = heading;
    }

    static PageNotFoundException page(String what) {
        return new PageNotFoundException("nothing at " + what, "Page not found");
    }

    String heading() {
        return heading;
    }
}
