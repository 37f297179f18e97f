package io.incidentledger.command.inputguard;

import io.incidentledger.command.maintenance.StatelessMaintenanceRules;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command gateway that handles nothing: it keeps what was dispatched and answers as if the aggregate had
 * accepted it (version 1), unless the aggregate would have refused it whatever its state (a maintenance's window
 * or recurrence, {@link StatelessMaintenanceRules}): then it throws the aggregate's refusal, recording nothing. What a controller sends it is exactly what the request mapped to. Keeps no more
 * than the dispatches of one request ({@link #clear} between requests), so millions of fuzz executions do
 * not pile up.
 */
class RecordingCommandGateway implements CommandGateway {

    private final List<Object> dispatched = new ArrayList<>();
    private final StatelessMaintenanceRules maintenanceRules;

    RecordingCommandGateway(StatelessMaintenanceRules maintenanceRules) {
        this.maintenanceRules = maintenanceRules;
    }

    synchronized List<Object> dispatched() {
        return List.copyOf(dispatched);
    }

    synchronized void clear() {
        dispatched.clear();
    }

    private synchronized Long record(Object command) {
        Object payload = command instanceof CommandMessage<?> message ? message.getPayload() : command;
        maintenanceRules.refuseAsTheAggregateWould(payload);
        dispatched.add(payload);
        return 1L;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
        throw new UnsupportedOperationException("the controllers wait for the outcome");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R sendAndWait(Object command) {
        return (R) record(command);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
        return (R) record(command);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> send(Object command) {
        return CompletableFuture.completedFuture((R) record(command));
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        return () -> true;
    }

}
