package io.incidentledger.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import javax.sql.DataSource;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.flywaydb.core.Flyway;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * The events' serializer and upcaster chain exactly as the services are configured with them, for the tests
 * that hold stored events to their golden JSON: Axon's own Spring Boot auto-configuration (which builds the
 * {@code eventSerializer} bean from {@code axon.serializer.events} and the {@link Jackson3SerializerCustomizer}
 * bean, and puts every {@link EventUpcaster} bean into the chain), this module's {@link LedgerStoreConfiguration}
 * (the customizer and the upcasters), and the {@code axon.serializer.*} properties read from both services'
 * {@code application.yml}. Not a copy of any of them: change one and these tests see the change.
 *
 * <p>The database is a private in-memory H2 in the services' mode, migrated with the event store's own
 * migrations, so the JDBC storage engine reads rows as it does in production.
 */
public final class ConfiguredEventStore implements AutoCloseable {

    /** The services whose configuration the events' serializer comes from, relative to this module. */
    static final List<Path> SERVICE_CONFIGURATIONS = List.of(
            Path.of("../command-service/src/main/resources/application.yml"),
            Path.of("../query-service/src/main/resources/application.yml"));

    private final ConfigurableApplicationContext context;

    private ConfiguredEventStore(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** A context of its own, on an empty migrated event store; close it after use. */
    public static ConfiguredEventStore start() {
        Map<String, Object> properties = new LinkedHashMap<>(serializerProperties());
        properties.put("spring.datasource.url", "jdbc:h2:mem:events-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        properties.put("spring.datasource.username", "sa");
        properties.put("spring.datasource.password", "");
        // The services migrate their own tables after the event store's; here there are only the event store's.
        properties.put("spring.flyway.enabled", "false");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Services.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties(properties)
                .run();
        ConfiguredEventStore store = new ConfiguredEventStore(context);
        Flyway.configure().dataSource(store.dataSource())
                .table(LedgerStoreConfiguration.EVENT_STORE_HISTORY_TABLE)
                .locations(LedgerStoreConfiguration.EVENT_STORE_MIGRATIONS)
                .load().migrate();
        return store;
    }

    /**
     * What both services' application classes bring in for the events: every auto-configuration on the class path
     * (Axon's: serializers, the Axon configuration with its upcaster chain, the JDBC storage engine command-service
     * runs on; query-service declares its own engine from the same beans) and the shared database configuration.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(LedgerStoreConfiguration.class)
    static class Services {
    }

    /** {@code axon.serializer.*} as both services set it; they must agree, or there would be no one serializer. */
    static Map<String, String> serializerProperties() {
        Map<String, String> agreed = null;
        for (Path yml : SERVICE_CONFIGURATIONS) {
            Map<String, String> serializer = new LinkedHashMap<>();
            try {
                for (PropertySource<?> source : new YamlPropertySourceLoader().load(yml.toString(),
                        new FileSystemResource(yml))) {
                    EnumerablePropertySource<?> properties = (EnumerablePropertySource<?>) source;
                    for (String name : properties.getPropertyNames()) {
                        if (name.startsWith("axon.serializer.")) {
                            serializer.put(name, String.valueOf(properties.getProperty(name)));
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + yml.toAbsolutePath(), e);
            }
            if (serializer.isEmpty()) {
                throw new IllegalStateException(yml + " sets no axon.serializer.*");
            }
            if (agreed != null && !agreed.equals(serializer)) {
                throw new IllegalStateException("the services' axon.serializer.* differ: " + agreed + " and "
                        + serializer + " (" + yml + ")");
            }
            agreed = serializer;
        }
        return Objects.requireNonNull(agreed);
    }

    public Serializer eventSerializer() {
        return context.getBean("eventSerializer", Serializer.class);
    }

    /** The chain the storage engines are built with: every {@link EventUpcaster} bean, as Axon orders them. */
    public EventUpcasterChain upcasterChain() {
        return context.getBean(org.axonframework.config.Configuration.class).upcasterChain();
    }

    public EventStorageEngine storageEngine() {
        return context.getBean(EventStorageEngine.class);
    }

    public DataSource dataSource() {
        return context.getBean(DataSource.class);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
