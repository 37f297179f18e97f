package io.incidentledger.command.dispatch;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.quartz.QuartzDeadlineManager;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.quartz.Scheduler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Time-driven commands and the command side's own event processors, on the event store's database.
 *
 * <p>Deadlines: Axon's {@link QuartzDeadlineManager} on the Quartz scheduler Spring Boot builds from
 * {@code spring.quartz.*} (JDBC job store, clustered, tables from our Flyway migration). Quartz's job store joins
 * the command's Spring transaction, so a deadline is stored or cancelled exactly when the events that call for it
 * commit. The deadline's message, metadata and scope are serialized with the general (Jackson 3) serializer: never
 * XStream. Never Axon's default {@code SimpleDeadlineManager}, whose timers live in memory and die with the JVM.
 */
@Configuration(proxyBeanMethods = false)
class DeadlineConfiguration {

    /**
     * A Spring bean, so that aggregate handlers are handed it as a parameter, and Axon's configuration component
     * too, so that nothing in Axon falls back to its in-memory default.
     */
    @Bean
    DeadlineManager deadlineManager(Scheduler scheduler, @Qualifier("serializer") Serializer serializer,
                                    TransactionManager transactionManager,
                                    ObjectProvider<org.axonframework.config.Configuration> axon) {
        // Resolved when a deadline fires, long after start-up: the configuration needs this bean to be built.
        ScopeAwareProvider scopes = descriptor -> new ConfigurationScopeAwareProvider(axon.getObject())
                .provideScopeAwareStream(descriptor);
        return new SpringManagedQuartzDeadlineManager(QuartzDeadlineManager.builder()
                .scheduler(scheduler)
                .scopeAwareProvider(scopes)
                .serializer(serializer)
                .transactionManager(transactionManager));
    }

    /**
     * The scheduler is Spring's ({@code SchedulerFactoryBean}) to start, pause and stop. Axon's manager would shut it
     * down for good when Axon's configuration stops, and a stopped context (a paused test context, say) could then
     * never start it again.
     */
    static final class SpringManagedQuartzDeadlineManager extends QuartzDeadlineManager {

        SpringManagedQuartzDeadlineManager(Builder builder) {
            super(builder);
        }

        @Override
        public void registerLifecycleHandlers(LifecycleRegistry lifecycle) {
            // Spring's SchedulerFactoryBean owns the scheduler's life cycle.
        }

        @Override
        public void shutdown() {
            // As above: never Scheduler.shutdown() from here.
        }
    }

    @Bean
    ConfigurerModule quartzDeadlines(ObjectProvider<DeadlineManager> deadlineManager) {
        return configurer -> configurer.registerComponent(DeadlineManager.class, config -> deadlineManager.getObject());
    }

    /** The command side's tracking tokens, in a table of its own (query-service owns {@code TokenEntry}). */
    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder().setTokenTable("command_token_entry").build();
    }
}
