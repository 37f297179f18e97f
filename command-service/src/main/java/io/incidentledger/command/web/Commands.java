package io.incidentledger.command.web;

import io.incidentledger.command.CommandRejectedException;
import io.incidentledger.command.ExpectedVersion;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * The one way controllers dispatch commands: waits for the outcome (so a 2xx means the events are
 * committed) and stamps the acting principal into the metadata, from where Axon copies it to every event.
 */
@Component
public class Commands {

    /** Metadata key naming who acted; a correlation-data provider copies it from command to events. */
    public static final String ACTOR = "actor";
    private static final long TIMEOUT_SECONDS = 30;
    private static final CommandTargetResolver TARGET = AnnotationCommandTargetResolver.builder().build();

    private final CommandGateway gateway;

    Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Sends a command to an existing aggregate and returns the aggregate's version afterwards. */
    public long send(Object command) {
        return send(command, IfMatch.ANY);
    }

    /**
     * Sends a command to an existing aggregate, refused with a 412 unless the aggregate is still at the version
     * {@code ifMatch} names, and returns the aggregate's version afterwards.
     */
    public long send(Object command, IfMatch ifMatch) {
        MetaData expectation = ifMatch.version() == null ? MetaData.emptyInstance()
                : MetaData.with(ExpectedVersion.METADATA_KEY, ifMatch.version());
        Object result = dispatch(command, expectation);
        if (!(result instanceof Long version)) {
            throw new IllegalStateException("command handler returned no version for " + command.getClass().getSimpleName());
        }
        return version;
    }

    /**
     * Sends a command that creates an aggregate; a new aggregate's only event has sequence number 0. If an
     * aggregate with that id already exists, its first event collides with the existing one: a 409 naming
     * the id, not the "changed at the same moment" of an ordinary race.
     */
    public long create(Object command) {
        try {
            dispatch(command, MetaData.emptyInstance());
        } catch (ConcurrencyException | AggregateStreamCreationException e) {
            throw idTaken(command);
        } catch (EventStoreException e) {
            if (ProblemDetailsAdvice.isDuplicateKey(e)) {
                throw idTaken(command);
            }
            throw e;
        }
        return 0L;
    }

    private static CommandRejectedException idTaken(Object command) {
        String id = TARGET.resolveTarget(GenericCommandMessage.asCommandMessage(command)).getIdentifier();
        return CommandRejectedException.conflict("the id '" + id + "' is already taken");
    }

    private Object dispatch(Object command, MetaData extra) {
        var message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(ACTOR, actor()).mergedWith(extra));
        return gateway.sendAndWait(message, TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The authenticated name (an API token's name, a JWT's subject): see {@link ActingPrincipal}. */
    private static String actor() {
        return ActingPrincipal.current();
    }
}
