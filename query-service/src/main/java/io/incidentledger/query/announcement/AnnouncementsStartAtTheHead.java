package io.incidentledger.query.announcement;

import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.incidentledger.query.Processors;

/**
 * On the first start with announcements, their token is created at the head of the event store: the history
 * before that moment is not news. Axon would start a new processor at the tail, and the processor's settings in
 * application.yml leave no place for another initial token, so the token is created here, after the beans exist
 * and before Axon starts its processors (which it does in the lifecycle's start phase). An existing token, or one
 * another instance creates at the same moment, is left as it is.
 */
@Component
class AnnouncementsStartAtTheHead implements SmartInitializingSingleton {

    private final TokenStore tokens;
    private final EventStore eventStore;
    private final TransactionTemplate transaction;

    AnnouncementsStartAtTheHead(TokenStore tokens, @Qualifier("eventStore") EventStore eventStore,
                                TransactionTemplate transaction) {
        this.tokens = tokens;
        this.eventStore = eventStore;
        this.transaction = transaction;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            transaction.executeWithoutResult(status -> {
                if (tokens.fetchSegments(Processors.ANNOUNCEMENTS).length == 0) {
                    tokens.initializeTokenSegments(Processors.ANNOUNCEMENTS, 1, eventStore.createHeadToken());
                }
            });
        } catch (UnableToClaimTokenException raced) {
            // Another instance created it first: the same head, give or take the events between the two starts.
        }
    }
}
