package io.incidentledger.command.problem;

import io.incidentledger.command.dispatch.CommandRejectedException;
import io.incidentledger.web.Problems;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import io.incidentledger.web.ProblemDetailsBase;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every failure becomes an RFC 9457 problem detail. Bad input is always a 4xx naming the field at fault;
 * nothing a client sends reaches the generic 500, and no response carries a class name or stack trace.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ProblemDetailsBase {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    /** Jackson's words for a field that appears twice (strict duplicate detection is on). */
    private static final Pattern DUPLICATE_PROPERTY = Pattern.compile("Duplicate Object property \"(.*)\"");
    /** A bracketed map key in a Bean Validation property path: {@code [bamboo]}, not an index like {@code [0]}. */
    private static final Pattern MAP_KEY = Pattern.compile("(?:<[A-Z]>)?\\[(?!\\d+])([^\\]]*)]");

    // A CommandRejectedException is an ErrorResponseException: Spring's own handler answers it, with its status.

    /** {@code If-Match} named another version than the aggregate's ({@code @TargetAggregateVersion}). */
    @ExceptionHandler(ConflictingAggregateVersionException.class)
    ProblemDetail staleVersion(ConflictingAggregateVersionException e) {
        return CommandRejectedException.preconditionFailed("If-Match names version " + e.getExpectedVersion()
                + ", but the current version is " + e.getActualVersion() + "; read it again and retry").getBody();
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e, HttpServletRequest request) {
        String kind = request.getRequestURI().startsWith("/api/components") ? "component" : "incident";
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "no " + kind + " with id '" + e.getAggregateIdentifier() + "'");
    }

    /** An id was taken (Commands turns that into a 409 naming it; this catches any other path there). */
    @ExceptionHandler(AggregateStreamCreationException.class)
    ProblemDetail idTaken(AggregateStreamCreationException e) {
        return problem(HttpStatus.CONFLICT, "conflict", "The command conflicts with the current state",
                "the id in this request is already taken");
    }

    /**
     * A command that lost the race for its aggregate's next version on every one of its bounded retries (see
     * {@link io.incidentledger.command.dispatch.Commands}): the aggregate is changed faster than commands can
     * land, which is overload, not a conflict the caller could resolve.
     */
    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> raceLost(ConcurrencyException e) {
        return answer(DatabaseProblems.overloaded(e));
    }

    @ExceptionHandler(EventStoreException.class)
    ResponseEntity<ProblemDetail> eventStore(EventStoreException e) {
        var answer = DatabaseProblems.answerFor(e);
        if (answer.isPresent()) {
            return answer(answer.get());
        }
        log.error("event store failure", e);
        return answer(Problems.refusal(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                "The event store is unavailable", "the command was not recorded; retry later"));
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> execution(CommandExecutionException e, HttpServletRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof ErrorResponse refusal) {
            return answer(refusal);
        }
        if (cause instanceof AggregateNotFoundException notFound) {
            return answer(new ErrorResponseException(HttpStatus.NOT_FOUND, notFound(notFound, request), null));
        }
        return unexpected(e);
    }

    /** The one place anything not described above becomes a problem: a 503 if the database is at fault. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        var answer = DatabaseProblems.answerFor(e);
        if (answer.isPresent()) {
            return answer(answer.get());
        }
        log.error("unexpected failure", e);
        return answer(Problems.refusal(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the request could not be completed; it has been logged"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return invalid(e.getBindingResult().getFieldErrors().stream().map(ProblemDetailsAdvice::fieldError).toList());
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        // With a constrained path variable beside a @Valid body, Spring validates the body here too: its
        // errors are FieldErrors and name the body's field, not the Java parameter ("request").
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> error instanceof FieldError field
                        ? fieldError(field)
                        : Map.of("field", String.valueOf(result.getMethodParameter().getParameterName()),
                                "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        return invalid(errors);
    }

    /** A 400 naming every field at fault, each with what is wrong with it. */
    private static ResponseEntity<Object> invalid(List<Map<String, String>> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                errors.stream().map(m -> m.get("field") + " " + m.get("message")).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        JacksonException jackson = outermost(e, JacksonException.class);
        String field = jackson != null ? path(jackson) : "";
        String detail = unreadableDetail(jackson, field, e.getMostSpecificCause());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable request body", detail);
        if (!field.isEmpty()) {
            problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        }
        return ResponseEntity.badRequest().body(problem);
    }


    /** Says what is wrong with the body in the client's terms: field path and expectation, never a Java type. */
    private static String unreadableDetail(JacksonException jackson, String field, Throwable root) {
        if (jackson == null) {
            return "the body is missing or is not well-formed JSON";
        }
        if (jackson instanceof UnrecognizedPropertyException) {
            return "unknown field '" + field + "'";
        }
        if (jackson instanceof StreamConstraintsException) {
            return ParserLimits.detail(jackson);
        }
        if (root instanceof DateTimeParseException) {
            return "'" + field + "' must be an ISO-8601 instant such as 2012-06-30T03:04:00Z";
        }
        if (jackson instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
            return "'" + field + "' must be one of: " + allowed;
        }
        if (root instanceof IllegalArgumentException && root.getMessage() != null && !field.isEmpty()) {
            // Thrown by our own request creators, whose messages are written for clients.
            return "'" + field + "' " + root.getMessage();
        }
        if (jackson instanceof InputCoercionException) {
            // Well-formed, but the number does not fit the field (e.g. an int beyond 2^31).
            return "'" + field + "' is out of range";
        }
        if (jackson instanceof MismatchedInputException mismatched && mismatched.getTargetType() == Instant.class) {
            return "'" + field + "' must be an ISO-8601 instant such as 2012-06-30T03:04:00Z";
        }
        if (jackson instanceof StreamReadException && jackson.getOriginalMessage() != null) {
            var duplicate = DUPLICATE_PROPERTY.matcher(jackson.getOriginalMessage());
            if (duplicate.matches()) {
                return "duplicate field '" + (field.isEmpty() ? "" : field + ".") + duplicate.group(1) + "'";
            }
        }
        if (jackson instanceof StreamReadException) {
            return "the body is not well-formed JSON";
        }
        if (jackson instanceof MismatchedInputException) {
            return field.isEmpty() ? "the body must be a JSON object" : "'" + field + "' has the wrong type or shape";
        }
        return field.isEmpty() ? "the body is not a valid request" : "'" + field + "' has an invalid value";
    }

    private static <T extends Throwable> T outermost(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", requestSpelling(error.getField()), "message", String.valueOf(error.getDefaultMessage()));
    }

    /**
     * Bean Validation spells a map entry {@code components[bamboo].status}; the body, Jackson's errors and the
     * domain's rules all spell it {@code components.bamboo.status}. One spelling for one field. List indexes
     * ({@code [0]}) stay as they are.
     */
    static String requestSpelling(String field) {
        return MAP_KEY.matcher(field).replaceAll(".$1");
    }
}
