package io.incidentledger.command;

/**
 * A command that the domain refuses. The reason decides the HTTP status; the message is written for the
 * commander who sent it, so it names the offending value and never an internal class.
 */
public final class CommandRejectedException extends RuntimeException {

    public enum Reason {
        /** The command contradicts a rule (time goes backwards, unknown component in the body, …): 422. */
        RULE_VIOLATED,
        /** The incident or component named in the path does not exist: 404. */
        NOT_FOUND,
        /** The command does not fit the current state (incident resolved, id taken, …): 409. */
        CONFLICT,
        /** The client expected another version of the aggregate ({@code If-Match}): 412. */
        PRECONDITION_FAILED
    }

    private final Reason reason;
    private final String field;

    private CommandRejectedException(Reason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    public static CommandRejectedException ruleViolated(String field, String message) {
        return new CommandRejectedException(Reason.RULE_VIOLATED, field, message);
    }

    public static CommandRejectedException notFound(String message) {
        return new CommandRejectedException(Reason.NOT_FOUND, null, message);
    }

    public static CommandRejectedException conflict(String message) {
        return new CommandRejectedException(Reason.CONFLICT, null, message);
    }

    public static CommandRejectedException preconditionFailed(String message) {
        return new CommandRejectedException(Reason.PRECONDITION_FAILED, null, message);
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault, in the request's own spelling (e.g. {@code components.bamboo}), or null. */
    public String field() {
        return field;
    }
}
