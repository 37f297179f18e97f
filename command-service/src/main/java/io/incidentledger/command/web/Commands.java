package io.incidentledger.command.web;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
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

    private final CommandGateway gateway;

    Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Sends a command to an existing aggregate and returns the aggregate's version afterwards. */
    public long send(Object command) {
        Object result = dispatch(command);
        if (!(result instanceof Long version)) {
            throw new IllegalStateException("command handler returned no version for " + command.getClass().getSimpleName());
        }
        return version;
    }

    /** Sends a command that creates an aggregate; a new aggregate's only event has sequence number 0. */
    public long create(Object command) {
        dispatch(command);
        return 0L;
    }

    private Object dispatch(Object command) {
        var message = GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.with(ACTOR, actor()));
        return gateway.sendAndWait(message, TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static String actor() {
        // Authentication arrives with the trust work; until then every command is anonymous, and says so.
        return "anonymous";
    }
}
