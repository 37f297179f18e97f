package io.incidentledger.query.page;

/** No incident behind an incident page's address: a person is reading, so the answer is a page, not JSON. */
final class PageNotFoundException extends RuntimeException {

    PageNotFoundException(String incidentId) {
        super("no incident with id '" + incidentId + "'", null, false, false);
    }
}
