package io.incidentledger.query.database;

/** The database cannot be reached and there is no earlier answer to give: a 503, never a guess. */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException() {
        super("the status service cannot reach its database and has no earlier data to show; retry shortly");
    }
}
