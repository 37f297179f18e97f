package io.incidentledger.command.dispatch;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import javax.sql.DataSource;

/**
 * A command takes a pooled connection only when it first talks to the database, not when its transaction
 * begins. Axon begins the unit of work's transaction before it takes the aggregate's lock; with the plain pool,
 * every command queued behind a busy aggregate held a connection while it waited, ten such commands drained the
 * pool, and everything else timed out. Behind this proxy, a command waiting for the lock holds nothing: the
 * connection is taken when the aggregate's events are read, after the lock, and returned at commit.
 */
@Configuration(proxyBeanMethods = false)
class LazyConnectionConfiguration {

    @Bean
    static BeanPostProcessor lazyConnections() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource pool && !(bean instanceof LazyConnectionDataSourceProxy)) {
                    return new LazyConnectionDataSourceProxy(pool);
                }
                return bean;
            }
        };
    }
}
