package io.incidentledger.command.dispatch;

import io.incidentledger.events.MetaDataKeys;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The one way controllers dispatch commands: waits for the outcome (so a 2xx means the events are
 * committed) and stamps the acting principal into the metadata ({@link MetaDataKeys#ACTOR}), from where Axon
 * copies it to every event.
 *
 * <p>Commands on one aggregate are serialised on one instance by Axon's aggregate lock; across instances they
 * meet at the event store's unique (aggregate, sequence) key, and the loser's unit of work rolls back with
 * nothing appended. Such a loser is sent again here, after a short jittered back-off, against the aggregate as
 * it now is: an unconditional command then simply lands after the winner's, and a command with {@code If-Match}
 * is refused with a 412 because the version it names is gone. Nothing is held while backing off: the unit of
 * work, its transaction and its connection ended with the lost attempt.
 */
@Component
public class Commands {

    /**
     * Request attribute: the seed of the ids this request names ({@link #newId}). Set by the Idempotency-Key
     * filter to its claim, so that a request re-run to rebuild a lost answer names the same ids.
     */
    public static final String ID_SEED_ATTRIBUTE = Commands.class.getName() + ".idSeed";
    /**
     * Request attribute: the outcome (the aggregate's version) of this request's command, which already acted. Set
     * by the Idempotency-Key filter when it re-runs a request whose answer was lost in a crash: the command is not
     * sent again, and the controller builds its answer from the recorded outcome.
     */
    public static final String RECORDED_OUTCOME_ATTRIBUTE = Commands.class.getName() + ".recordedOutcome";
    private static final String ID_COUNT_ATTRIBUTE = Commands.class.getName() + ".idCount";
    private static final long TIMEOUT_SECONDS = 30;
    private static final CommandTargetResolver TARGET = AnnotationCommandTargetResolver.builder().build();

    private final CommandGateway gateway;
    private final RetryTemplate raceRetries;

    Commands(CommandGateway gateway, CommandRetryProperties retry) {
        this.gateway = gateway;
        this.raceRetries = new RetryTemplate(RetryPolicy.builder()
                .predicate(Commands::lostARace)
                .maxRetries(retry.maxRetries())
                .delay(retry.delay())
                .jitter(retry.delay())
                .multiplier(2)
                .maxDelay(retry.maxDelay())
                .build());
    }

    /**
     * Sends a command to an existing aggregate and returns the aggregate's version afterwards. A command naming
     * the version its sender saw ({@code @TargetAggregateVersion}, from {@code If-Match}) is refused by Axon with a
     * {@code ConflictingAggregateVersionException} (412) if the aggregate is at another. A lost race at the event
     * store is retried a bounded number of times (see the class comment); if every attempt loses, the
     * {@link ConcurrencyException} escapes and is answered as overload (503 with {@code Retry-After}).
     */
    public long send(Object command) {
        Object result = raceRetries.invoke(() -> dispatch(command));
        if (!(result instanceof Long version)) {
            throw new IllegalStateException("command handler returned no version for " + command.getClass().getSimpleName());
        }
        return version;
    }

    /**
     * Sends a command that creates an aggregate; a new aggregate's only event has sequence number 0. If an
     * aggregate with that id already exists, its first event collides with the existing one, which Axon reports
     * as an {@link AggregateStreamCreationException}: a 409 naming the id. Never retried: the collision is the
     * answer.
     */
    public long create(Object command) {
        try {
            dispatch(command);
        } catch (AggregateStreamCreationException | ConcurrencyException e) {
            throw idTaken(command);
        }
        return 0L;
    }

    /**
     * A lost race for an aggregate's next sequence number: Axon's event store turns the duplicate key into a
     * {@link ConcurrencyException} (with the unique-violation resolver of {@link DispatchConfiguration}). A stream
     * that could not be created is not a race but a taken id.
     */
    static boolean lostARace(Throwable failure) {
        return failure instanceof ConcurrencyException;
    }

    private static CommandRejectedException idTaken(Object command) {
        String id = TARGET.resolveTarget(GenericCommandMessage.asCommandMessage(command)).getIdentifier();
        return CommandRejectedException.conflict("the id '" + id + "' is already taken");
    }

    /**
     * A new id for something a command creates (an incident without a client-chosen id, an update, a
     * correction). Random, unless the request carries an id seed ({@link #ID_SEED_ATTRIBUTE}): then the n-th id of
     * the request is derived from the seed and n, the same on every run of the request.
     */
    public static String newId() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object seed = request == null ? null : request.getAttribute(ID_SEED_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (seed == null) {
            return UUID.randomUUID().toString();
        }
        int n = request.getAttribute(ID_COUNT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof Integer count
                ? count + 1 : 1;
        request.setAttribute(ID_COUNT_ATTRIBUTE, n, RequestAttributes.SCOPE_REQUEST);
        return UUID.nameUUIDFromBytes((seed + "/" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Object dispatch(Object command) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object recorded = request == null ? null
                : request.getAttribute(RECORDED_OUTCOME_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (recorded != null) {
            return recorded;
        }
        var message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(MetaDataKeys.ACTOR, actor()));
        return gateway.sendAndWait(message, TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The authenticated name (an API token's name, a JWT's subject): see {@link ActingPrincipal}. */
    private static String actor() {
        return ActingPrincipal.current();
    }
}
