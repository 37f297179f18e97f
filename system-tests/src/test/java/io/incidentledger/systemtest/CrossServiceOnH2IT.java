package io.incidentledger.systemtest;

import io.incidentledger.systemtest.support.LedgerCluster;

/** The cross-service contract on the embedded default: both services share one H2 file database (AUTO_SERVER). */
class CrossServiceOnH2IT extends CrossServiceContract {

    @Override
    protected LedgerCluster startCluster() {
        return LedgerCluster.h2().label(getClass().getSimpleName()).start();
    }
}
