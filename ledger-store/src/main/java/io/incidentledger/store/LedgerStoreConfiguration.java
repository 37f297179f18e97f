package io.incidentledger.store;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.incidentledger.store.upcasting.ComponentRegistered1To2Upcaster;
import io.incidentledger.store.upcasting.EventRenamedUpcaster;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * The database both services share, imported by each service's application class.
 *
 * <p>The data source and transactions are declared here rather than left to auto-configuration: Axon 4.13's
 * JDBC and transaction auto-configurations are evaluated before Spring Boot 4's relocated data source
 * auto-configuration, so without these beans Axon silently falls back to no event store and a no-op
 * transaction manager. With them, Axon's JDBC event store, token store and the read models share one
 * Spring-managed transaction per unit of work.
 *
 * <p>The event store's tables belong to neither service, so they are migrated under their own history table
 * before the service's own migrations (Spring Boot's {@code spring.flyway.*} settings, one history table per
 * service). Either service may start first, and two instances may start at once: each migrates holding the
 * {@link MigrationLock}, so one process migrates at a time.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DataSourceProperties.class)
public class LedgerStoreConfiguration {

    /** Where the event store's migrations are, inside this module's jar. */
    public static final String EVENT_STORE_MIGRATIONS = "classpath:db/migration/event-store";
    public static final String EVENT_STORE_HISTORY_TABLE = "flyway_event_store_history";

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties) {
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /**
     * How Axon's event store, token store and dead letters get a connection: the one of the Spring transaction in
     * progress, released to it after each use. Every unit of work here runs in such a transaction
     * ({@link #axonTransactionManager}), which already keeps one connection for the whole unit of work.
     *
     * <p>Axon's auto-configured provider wraps this one in a {@code UnitOfWorkAwareConnectionProviderWrapper},
     * which keeps the connection in the unit of work as well and closes it once more in the unit of work's
     * clean-up, after the Spring transaction has already returned it to the pool. HikariCP keeps one list of open
     * statements per pooled connection, shared by its borrowers in turn, and that late second close cleared it
     * while another request had the connection: under 64 racing commands on ten connections, an
     * {@code ArrayIndexOutOfBoundsException} in Hikari's {@code FastList.add} and a 500
     * ({@code UnitOfWorkConnectionTest}).
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    /**
     * Lets Axon's Jackson 3 serializer read back Axon's own tracking tokens. A processor's first token is a
     * {@code ReplayToken}, whose {@code Object context} carries {@code @JsonTypeInfo(use = CLASS)}; Jackson 3's
     * default validator refuses any polymorphic {@code Object} property, so without this a query-service started
     * on a non-empty event store stores its first token and then cannot read it: its projections stall.
     * Only Axon's classes and ours may be named in a stored type id.
     */
    @Bean
    Jackson3SerializerCustomizer trustAxonTokenTypes() {
        return mapper -> mapper.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .allowIfSubType("io.incidentledger.")
                .build());
    }

    /**
     * Old event revisions, brought up to date as they are read, in both services: Axon's Spring configuration
     * puts every {@link EventUpcaster} bean into the upcaster chain of the event storage engine (command-service's
     * auto-configured one and query-service's own). One step per revision, in order.
     */
    @Bean
    EventUpcaster componentRegistered1To2() {
        return new ComponentRegistered1To2Upcaster();
    }

    @Bean
    EventUpcaster impactCorrectedRenamed() {
        return EventRenamedUpcaster.impactCorrected();
    }

    @Bean
    EventUpcaster postmortemPublishedRenamed() {
        return EventRenamedUpcaster.postmortemPublished();
    }

    @Bean
    FlywayMigrationStrategy eventStoreFirst() {
        return serviceMigrations -> MigrationLock.holding(serviceMigrations.getConfiguration().getDataSource(), () -> {
            Flyway.configure(serviceMigrations.getConfiguration().getClassLoader())
                    .configuration(serviceMigrations.getConfiguration())
                    .table(EVENT_STORE_HISTORY_TABLE)
                    .locations(EVENT_STORE_MIGRATIONS)
                    .load()
                    .migrate();
            serviceMigrations.migrate();
        });
    }
}
