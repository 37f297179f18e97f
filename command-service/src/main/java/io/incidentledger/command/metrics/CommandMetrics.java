package io.incidentledger.command.metrics;

import io.incidentledger.command.dispatch.CommandRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.springframework.stereotype.Component;

/**
 * Counts and times every command the command bus handles, by type and outcome, for {@code /actuator/prometheus}:
 * {@code ledger_commands_total{command="PostUpdate",outcome="ok|rejected|conflict|error"}} and
 * {@code ledger_command_duration_seconds{command,outcome}} (a timer: {@code _count}, {@code _sum}, {@code _max}).
 *
 * <p>The outcome is the unit of work's, commit included (a lost race at the event store fails the commit, not the
 * handler):
 * <ul>
 *   <li>{@code ok}: committed;</li>
 *   <li>{@code rejected}: refused by a rule, or naming something that does not exist (422, 404);</li>
 *   <li>{@code conflict}: the state or version changed under it: 409, 412 ({@code If-Match}), a taken id, or a lost
 *   race for the aggregate's next sequence number (which {@code Commands} retries: each attempt counts);</li>
 *   <li>{@code error}: anything else, the database's outage included.</li>
 * </ul>
 * Requests refused before a command exists (401/403, malformed bodies, rate limits) are not commands: the HTTP
 * server metrics ({@code http_server_requests_seconds}) count those.
 */
@Component
class CommandMetrics {

    static final String OK = "ok";
    static final String REJECTED = "rejected";
    static final String CONFLICT = "conflict";
    static final String ERROR = "error";

    private final MeterRegistry registry;

    CommandMetrics(CommandBus commandBus, MeterRegistry registry) {
        this.registry = registry;
        commandBus.registerHandlerInterceptor(new Measure());
    }

    private final class Measure implements MessageHandlerInterceptor<CommandMessage<?>> {

        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            String command = unitOfWork.getMessage().getPayloadType().getSimpleName();
            long started = System.nanoTime();
            unitOfWork.onCleanup(work -> {
                // A failed handler or commit rolls back and sets the cause as the execution result.
                var result = work.getExecutionResult();
                Throwable failure = result != null && result.isExceptionResult() ? result.getExceptionResult() : null;
                record(command, outcome(failure), System.nanoTime() - started);
            });
            return chain.proceed();
        }
    }

    private void record(String command, String outcome, long nanos) {
        Counter.builder("ledger.commands").description("Commands handled, by type and outcome")
                .tag("command", command).tag("outcome", outcome).register(registry).increment();
        Timer.builder("ledger.command.duration").description("How long commands took, commit included")
                .tag("command", command).tag("outcome", outcome).register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    static String outcome(Throwable failure) {
        if (failure == null) {
            return OK;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CommandRejectedException rejected) {
                return switch (rejected.reason()) {
                    case CONFLICT, PRECONDITION_FAILED -> CONFLICT;
                    case RULE_VIOLATED, NOT_FOUND -> REJECTED;
                };
            }
            if (t instanceof AggregateNotFoundException) {
                return REJECTED;
            }
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException
                    || t instanceof ConflictingModificationException) {
                return CONFLICT;
            }
        }
        return ERROR;
    }
}
