package io.incidentledger.command.dispatch;

import io.incidentledger.web.Problems;
import io.incidentledger.web.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.util.List;
import java.util.Map;

/**
 * A command that the domain refuses, raised as the problem detail it is answered with: the reason decides the
 * status and the problem's {@code type}; the message is written for the commander who sent it, so it names the
 * offending value and never an internal class.
 */
public final class CommandRejectedException extends Refusal {

    public enum Reason {
        /** The command contradicts a rule (time goes backwards, unknown component in the body, …): 422. */
        RULE_VIOLATED(HttpStatus.UNPROCESSABLE_CONTENT, "rule-violated", "The command breaks a rule of the record"),
        /** The incident or component named in the path does not exist: 404. */
        NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
        /** The command does not fit the current state (incident resolved, id taken, …): 409. */
        CONFLICT(HttpStatus.CONFLICT, "conflict", "The command conflicts with the current state"),
        /** The client expected another version of the aggregate ({@code If-Match}): 412. */
        PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "stale-version", "The resource changed since you read it");

        private final HttpStatus status;
        private final String type;
        private final String title;

        Reason(HttpStatus status, String type, String title) {
            this.status = status;
            this.type = type;
            this.title = title;
        }
    }

    private final Reason reason;
    private final String field;

    private CommandRejectedException(Reason reason, String field, String message) {
        super(reason.status, problem(reason, field, message));
        this.reason = reason;
        this.field = field;
    }

    private static ProblemDetail problem(Reason reason, String field, String message) {
        ProblemDetail problem = Problems.problem(reason.status, reason.type, reason.title, message);
        if (field != null) {
            problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        }
        return problem;
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
