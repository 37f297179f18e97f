package io.incidentledger.query.changes;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the rest of query-service when a projection has changed, by publishing {@link ProjectionChanged}
 * once the unit of work that projected an event has committed. An interceptor on both processors rather
 * than a call in every handler: no handler can forget it, and nothing is announced that was rolled back.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionChangeNotifier {

    @Autowired
    void announceCommittedChanges(EventProcessingConfigurer processing, ApplicationEventPublisher publisher) {
        // The processing groups of ComponentProjection and IncidentProjection.
        for (String processor : new String[] {"components", "incidents"}) {
            processing.registerHandlerInterceptor(processor, configuration -> interceptor(processor, publisher));
        }
    }

    private static MessageHandlerInterceptor<EventMessage<?>> interceptor(String processor,
                                                                           ApplicationEventPublisher publisher) {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            EventMessage<?> event = unitOfWork.getMessage();
            long position = event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                    ? tracked.trackingToken().position().orElse(-1L) : -1L;
            String aggregateId = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
            ProjectionChanged change = new ProjectionChanged(processor, position, aggregateId,
                    event.getPayloadType().getSimpleName(), event.getTimestamp());
            unitOfWork.afterCommit(committed -> publisher.publishEvent(change));
            return result;
        };
    }
}
