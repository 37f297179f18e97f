package io.incidentledger.query.web;

/** A query parameter the service cannot answer for; becomes a 400 naming the parameter. */
public final class BadQueryException extends RuntimeException {

    private final String parameter;

    public BadQueryException(String parameter, String message) {
        super(message, null, false, false);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
