package io.incidentledger.query.asof;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires point-in-time reading: the read models' JdbcClient follows the request's {@link AsOf} reading. */
@Configuration(proxyBeanMethods = false)
class AsOfConfiguration {

    /**
     * The one JdbcClient of the service, for projections and queries alike. Outside an {@code asOf} request it
     * is the live database, inside one it is the snapshot; the event store's own access does not go through
     * it, so reading the events is never redirected.
     */
    @Bean
    static JdbcClient readModels(DataSource dataSource) {
        return JdbcClient.create(new AsOfRoutingDataSource(dataSource));
    }

    @Bean
    WebMvcConfigurer asOfReadings(Snapshots snapshots, Clock clock, AsOfProperties properties) {
        if (!(clock instanceof ReadingClock readingClock)) {
            throw new IllegalStateException("the service's Clock must be a ReadingClock, or asOf answers drift");
        }
        AsOfInterceptor interceptor = new AsOfInterceptor(snapshots, readingClock, new RebuildAllowance(properties));
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }
}
