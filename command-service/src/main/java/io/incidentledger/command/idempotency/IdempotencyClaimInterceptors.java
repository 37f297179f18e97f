package io.incidentledger.command.idempotency;

import io.incidentledger.command.idempotency.IdempotencyFilter.ActiveClaim;
import io.incidentledger.command.idempotency.IdempotencyKeys.ScopedKey;
import io.incidentledger.command.dispatch.CommandRejectedException;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Ties an {@code Idempotency-Key}'s claim to the command it guards. When a request holding a claim dispatches a
 * command, the claim travels in the command's metadata (commands carry it, events never do: only the correlation
 * providers' keys are copied to events); once the handler has run, the command's unit of work marks the claim as
 * acted on, with the aggregate's new version, in its prepare-commit phase, inside the transaction that appends
 * the events. Key and events commit or roll back together, and a request whose claim was taken over is refused
 * before anything is appended.
 */
@Component
class IdempotencyClaimInterceptors {

    static final String PRINCIPAL = "idempotencyPrincipal";
    static final String KEY = "idempotencyKey";
    static final String TOKEN = "idempotencyClaim";

    IdempotencyClaimInterceptors(CommandBus commandBus, IdempotencyKeys keys) {
        commandBus.registerDispatchInterceptor(new CarryClaim());
        commandBus.registerHandlerInterceptor(new MarkActed(keys));
    }

    /** Runs on the request's thread, where the filter left the claim as a request attribute. */
    private static final class CarryClaim implements MessageDispatchInterceptor<CommandMessage<?>> {

        @Override
        public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                List<? extends CommandMessage<?>> messages) {
            return (index, command) -> {
                RequestAttributes request = RequestContextHolder.getRequestAttributes();
                Object claim = request == null ? null
                        : request.getAttribute(IdempotencyFilter.CLAIM_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
                if (!(claim instanceof ActiveClaim active)) {
                    return command;
                }
                return command.andMetaData(Map.of(PRINCIPAL, active.key().principal(), KEY, active.key().key(),
                        TOKEN, active.token()));
            };
        }
    }

    private record MarkActed(IdempotencyKeys keys) implements MessageHandlerInterceptor<CommandMessage<?>> {

        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            MetaData metaData = unitOfWork.getMessage().getMetaData();
            Object outcome = chain.proceed();
            if (metaData.get(TOKEN) instanceof String token) {
                ScopedKey key = new ScopedKey(String.valueOf(metaData.get(PRINCIPAL)), String.valueOf(metaData.get(KEY)));
                Long version = outcome instanceof Long v ? v : null;
                unitOfWork.onPrepareCommit(work -> {
                    if (!keys.markActed(key, token, version)) {
                        throw CommandRejectedException.conflict("a retry with this Idempotency-Key took it over "
                                + "while this request waited; this request was not carried out");
                    }
                });
            }
            return outcome;
        }
    }
}
