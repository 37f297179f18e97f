package io.incidentledger.query.asof;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.core.InfrastructureProxy;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The read models' data source: the live database, or, while a request reads {@link AsOf} a past instant, the
 * snapshot of the read models as they stood then. As an {@link InfrastructureProxy} it counts as the live data
 * source for Spring's transaction synchronisation, so the projections still join the transaction Axon opens
 * around each batch (their rows and the processor's token commit together).
 */
final class AsOfRoutingDataSource extends DelegatingDataSource implements InfrastructureProxy {

    AsOfRoutingDataSource(DataSource live) {
        super(live);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return target().getConnection(username, password);
    }

    @Override
    public Object getWrappedObject() {
        return obtainTargetDataSource();
    }

    private DataSource target() {
        return AsOf.current().map(AsOf.Reading::readModels)
                .orElseGet(this::obtainTargetDataSource);
    }
}
