package io.incidentledger.command.dispatch;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.conflictresolution.ConflictResolution;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;

/**
 * {@code If-Match} is answered before any rule: a command naming another version than its aggregate's
 * ({@code @TargetAggregateVersion}) is refused with Axon's {@code ConflictingAggregateVersionException} before its
 * handler runs, so a stale sender learns that it is stale, not that a rule it judged against an old state is
 * broken. Axon alone detects the conflict only at commit, after the handler. One enhancer for every aggregate's
 * command handlers (Axon's Spring configuration applies every {@link HandlerEnhancerDefinition} bean), instead of
 * an interceptor repeated in each aggregate. Without an expected version the resolver finds nothing to detect.
 */
public final class StaleVersionsFirst implements HandlerEnhancerDefinition {

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(CommandMessage.class)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T aggregate) throws Exception {
                if (aggregate != null) { // null: a constructor creating the aggregate, which has no version yet
                    ConflictResolution.getConflictResolver().detectConflicts(eventsSince -> !eventsSince.isEmpty());
                }
                return super.handle(message, aggregate);
            }
        };
    }
}
