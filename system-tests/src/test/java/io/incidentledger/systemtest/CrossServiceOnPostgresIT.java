package io.incidentledger.systemtest;

import io.incidentledger.systemtest.support.LedgerCluster;

/** The cross-service contract on PostgreSQL: a fresh database on the JVM's throwaway local server. */
class CrossServiceOnPostgresIT extends CrossServiceContract {

    @Override
    protected LedgerCluster startCluster() {
        return LedgerCluster.postgres().label(getClass().getSimpleName()).start();
    }
}
