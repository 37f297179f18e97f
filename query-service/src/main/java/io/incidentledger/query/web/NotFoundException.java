package io.incidentledger.query.web;

/** The incident or component named in the path is not (yet) in the read model. */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
